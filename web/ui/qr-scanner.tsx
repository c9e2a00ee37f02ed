// Scans a QR code with the phone's camera where the browser can (BarcodeDetector: Chrome
// on Android and others); everywhere else the code is typed.
import { useEffect, useRef, useState } from "react";
import { useT } from "./i18n.tsx";

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}

export function QrScanner({ onCode }: { onCode: (code: string) => void }) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [supported, setSupported] = useState<boolean | null>(null);
  const [scanning, setScanning] = useState(false);
  useEffect(() => setSupported("BarcodeDetector" in window && !!navigator.mediaDevices?.getUserMedia), []);
  useEffect(() => {
    if (!scanning) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const Detector = (window as unknown as { BarcodeDetector: new (o: { formats: string[] }) => Detector })
          .BarcodeDetector;
        const detector = new Detector({ formats: ["qr_code"] });
        while (!stopped) {
          const found = await detector.detect(video.current).catch(() => []);
          if (found[0]?.rawValue) {
            onCode(found[0].rawValue);
            break;
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      } catch {
        setSupported(false);
      } finally {
        stream?.getTracks().forEach((track) => track.stop());
        setScanning(false);
      }
    })();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [scanning, onCode]);
  if (supported === null) return null;
  if (!supported) return <p className="hint">{t("coupons.noCamera")}</p>;
  return (
    <div className="qr-scanner">
      {scanning && <video ref={video} playsInline muted aria-label={t("coupons.scan")} />}
      <button type="button" className="primary" onClick={() => setScanning((s) => !s)}>
        {scanning ? t("coupons.stopScan") : t("coupons.scan")}
      </button>
    </div>
  );
}
