// QR codes as inline SVG: coupons, sign-up posters, the demo checkout. The qrcode library
// is loaded with the first code drawn, not with the web process (ADR 0029).
export async function qrSvg(text: string, margin = 1): Promise<string> {
  const { default: QRCode } = await import("qrcode");
  return QRCode.toString(text, { type: "svg", margin, errorCorrectionLevel: "M" });
}
