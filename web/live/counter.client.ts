// The realtime count's page on the phone, without React (issue 40, ADR 0045): the page
// comes as HTML (routes/live.$unit.$ballot.tsx, every button already there) and this
// script, bundled on its own (scripts/lib/live-counter.ts), wires it to the phone's store
// (tally-store.client.ts). A few kilobytes instead of a framework: the page opens fast on
// a slow network, and from the service worker's copy with none.
import { INVALID, VOTE_NO } from "./live-choices.ts";
import { LiveCounter, type CounterView } from "./tally-store.client.ts";

/** What the server put in the page for this script (#live-page, JSON). */
export interface CounterPage {
  election: string;
  unitCode: string;
  ballot: string;
  /** Each tap's label ("หมายเลข 3 พรรค…", "บัตรเสีย"), and each number's name alone. */
  labels: Record<string, string>;
  names: Record<string, string>;
  /** The page's language's texts that change as the count goes, with {{…}} to fill. */
  texts: {
    tapped: string;
    undone: string;
    undo: string;
    pause: string;
    resume: string;
    noSuchNumber: string;
    confirmFinish: string;
    send: Record<CounterView["send"], string>;
  };
}

/** A short buzz, or where the phone cannot vibrate a short tick. */
let audio: AudioContext | null = null;
function feedback() {
  if (navigator.vibrate?.(25)) return;
  try {
    audio ??= new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    gain.gain.value = 0.1;
    tone.frequency.value = 880;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.04);
  } catch {
    /* no sound either */
  }
}

const fill = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(params[key] ?? ""));

const RECENT = 8;

function start(root: HTMLElement, page: CounterPage) {
  const $ = <E extends Element = HTMLElement>(selector: string) => root.querySelector<E & HTMLElement>(selector);
  const pad = $<HTMLFormElement>("#live-pad");
  const input = $<HTMLInputElement>("#live-number");
  const typedName = $("[data-testid=live-typed-name]");
  const add = $<HTMLButtonElement>("[data-testid=live-add]");
  const recentBox = $("#live-recent");
  const recentGrid = $("#live-recent .live-grid");
  const allBox = $("#live-all");
  const allList = $("#live-all ul");
  const undoButton = $<HTMLButtonElement>("[data-testid=live-undo]")!;
  const pauseButton = $<HTMLButtonElement>("[data-testid=live-pause]")!;
  const announce = $("[data-testid=live-announce]")!;
  const message = $("#live-message")!;
  let view: CounterView | null = null;
  let counter: LiveCounter | null = null;
  let typed = "";
  let confirming = false;

  const countOf = (choice: string) => {
    const count = view?.count;
    if (!count) return 0;
    return choice === INVALID ? count.invalid : choice === VOTE_NO ? count.voteNo : (count.votes[choice] ?? 0);
  };
  const ready = () => !!view && !view.count.paused && !view.count.finished;

  /** A choice's button, as the server draws them (for the numbers called recently). */
  const choiceButton = (choice: string) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "live-choice";
    button.dataset.choice = choice;
    button.dataset.testid = `live-choice-${choice}`;
    button.innerHTML =
      '<span class="live-label"></span><span class="visually-hidden">: </span><strong class="live-count"></strong>';
    button.querySelector(".live-label")!.textContent = page.labels[choice] ?? choice;
    return button;
  };

  function render() {
    const count = view?.count;
    const enabled = ready();
    root.querySelector("[data-testid=live-ballots]")!.textContent = String(view?.ballots ?? 0);
    const send = root.querySelector<HTMLElement>("[data-testid=live-send]")!;
    send.textContent = view ? page.texts.send[view.send] : "";
    send.className = `badge ${view?.send === "sent" ? "approved" : view?.send === "refused" ? "rejected" : "pending"}`;
    $("#live-paused")!.hidden = !count?.paused;
    message.hidden = !view?.message;
    message.textContent = view?.message ?? "";

    if (pad && recentBox && recentGrid) {
      // The numbers called most recently, newest first (each once).
      const recent = [
        ...new Set(
          [...(count?.history ?? [])].reverse().filter((c) => c !== INVALID && c !== VOTE_NO && page.names[c]),
        ),
      ].slice(0, RECENT);
      const shown = [...recentGrid.children].map((b) => (b as HTMLElement).dataset.choice);
      if (shown.join() !== recent.join()) recentGrid.replaceChildren(...recent.map(choiceButton));
      recentBox.hidden = recent.length === 0;
      input!.value = typed;
      input!.disabled = !enabled;
      typedName!.textContent = typed ? (page.names[typed] ?? page.texts.noSuchNumber) : "";
      for (const key of pad.querySelectorAll<HTMLButtonElement>("[data-key]")) key.disabled = !enabled;
      add!.disabled = !enabled || !page.names[typed];
    }
    for (const button of root.querySelectorAll<HTMLButtonElement>("[data-choice]")) {
      button.disabled = !enabled;
      button.querySelector(".live-count")!.textContent = String(countOf(button.dataset.choice!));
    }
    if (allBox && allList) {
      allBox.hidden = !count;
      const lines = Object.keys(page.names)
        .filter((n) => countOf(n) > 0)
        .map((n) => {
          const li = document.createElement("li");
          li.textContent = `${n}. ${page.names[n]}: ${countOf(n)}`;
          return li;
        });
      allList.replaceChildren(...lines);
    }

    const last = count?.history[count.history.length - 1];
    undoButton.disabled = !count?.history.length || !!count?.finished;
    undoButton.textContent = page.texts.undo + (last !== undefined ? ` (${page.labels[last] ?? last})` : "");
    pauseButton.disabled = !count || count.finished;
    pauseButton.textContent = count?.paused ? page.texts.resume : page.texts.pause;

    $("#live-finished")!.hidden = !count?.finished;
    $("#live-confirm-box")!.hidden = !!count?.finished || !confirming;
    $("#live-confirm")!.textContent = fill(page.texts.confirmFinish, { ballots: view?.ballots ?? 0 });
    $("#live-finish-box")!.hidden = !!count?.finished || confirming;
    $<HTMLButtonElement>("[data-testid=live-finish]")!.disabled = !count;
  }

  async function tap(choice: string) {
    if (!counter || !ready()) return;
    await counter.tap(choice);
    feedback();
    announce.textContent = fill(page.texts.tapped, { what: page.labels[choice] ?? choice, count: countOf(choice) });
  }

  root.addEventListener("click", (event) => {
    const target = (event.target as Element).closest<HTMLElement>("button");
    if (!target || !root.contains(target)) return;
    if (target.dataset.choice) return void tap(target.dataset.choice);
    if (target.dataset.key) {
      typed = target.dataset.key === "erase" ? typed.slice(0, -1) : (typed + target.dataset.key).slice(0, 3);
      return render();
    }
    switch (target.dataset.testid) {
      case "live-undo": {
        const last = view?.count.history[view.count.history.length - 1];
        if (!counter || last === undefined) return;
        void counter.undo().then(() => {
          announce.textContent = fill(page.texts.undone, { what: page.labels[last] ?? last });
        });
        return;
      }
      case "live-pause":
        if (view) void counter?.pause(!view.count.paused);
        return;
      case "live-finish":
        confirming = true;
        return render();
      case "live-finish-yes":
        confirming = false;
        render();
        return void counter?.finish();
      case "live-finish-no":
        confirming = false;
        return render();
    }
  });
  input?.addEventListener("input", () => {
    typed = input.value.replace(/\D/g, "").slice(0, 3);
    render();
  });
  pad?.addEventListener("submit", (event) => {
    event.preventDefault();
    if (page.names[typed]) void tap(typed);
    typed = "";
    render();
  });

  void LiveCounter.open(page.election, page.unitCode, page.ballot, (next) => {
    view = next;
    render();
  }).then((opened) => {
    counter = opened;
  });
  // Leaving the page (another app, a locked screen): send what is unsent now.
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && counter?.flush());
}

const root = document.querySelector<HTMLElement>("[data-live-counter]");
const data = document.getElementById("live-page")?.textContent;
if (root && data) start(root, JSON.parse(data) as CounterPage);
