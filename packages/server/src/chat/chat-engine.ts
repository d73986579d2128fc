// The kiosk conversation: one visitor message in, a few events out. The engine keeps all
// state in the KioskSession (stored server-side by the caller) and never in the browser.
import { MAX_TEXT_LENGTH, type Recommendation } from "@mediate/core";
import type { Recommender } from "../recommendation/types.ts";
import type { CaseCodeStore, KioskSession } from "../state/types.ts";
import { caseCodeQrSvg } from "./case-qr.ts";
import { detectEmergency, emergencyNotice, type EmergencyKind } from "./emergency.ts";
import { INTAKE_SLOTS, type IntakeSlot, type IntakeState, KIOSK_TOPICS, missingSlots, SLOT_QUESTIONS, updateIntake } from "./intake-slots.ts";
import { explainLaw, type KioskResult, nextStepsFor, windowFor } from "./kiosk-result.ts";
import { toSimplified } from "./script-convert.ts";

export type ChatEvent =
  | { event: "message"; data: { text: string } }
  | { event: "intake"; data: { missing: IntakeSlot[]; collected: IntakeState } }
  | { event: "emergency"; data: { text: string; kinds: EmergencyKind[] } }
  | { event: "result"; data: KioskResult };

export type ChatTurn = { message: string; topic?: string };

export type ChatEngineDeps = {
  recommender: Recommender;
  caseCodes: Pick<CaseCodeStore, "issue">;
  now?: () => Date;
};

/** What the engine keeps in `session.data` (JSON). */
type EngineData = {
  lastAsked?: IntakeSlot;
  topic?: string;
  emergency?: EmergencyKind[];
  typeCode?: string;
  /** Indexes of visitor messages that were only a topic chip (not part of the narrative). */
  topicOnly?: number[];
};

/** Longest single visitor message, in characters. */
export const MAX_CHAT_MESSAGE = 2000;
/** Visitor messages kept per session before the visitor is asked to start over. */
export const MAX_VISITOR_MESSAGES = 60;

// Varied so the conversation does not sound like a form being filled in.
const ACKNOWLEDGEMENTS = ["好的，我记下了。", "明白了。", "嗯，知道了。", "谢谢您告诉我。"];

const isSlot = (v: unknown): v is IntakeSlot => typeof v === "string" && (INTAKE_SLOTS as readonly string[]).includes(v);

function readData(session: KioskSession): EngineData {
  const d = session.data as Record<string, unknown>;
  const data: EngineData = {};
  if (isSlot(d.lastAsked)) data.lastAsked = d.lastAsked;
  if (typeof d.topic === "string") data.topic = d.topic;
  if (Array.isArray(d.emergency)) data.emergency = d.emergency.filter((k): k is EmergencyKind => typeof k === "string") as EmergencyKind[];
  if (typeof d.typeCode === "string") data.typeCode = d.typeCode;
  if (Array.isArray(d.topicOnly)) data.topicOnly = d.topicOnly.filter((n): n is number => typeof n === "number");
  return data;
}

function readIntake(session: KioskSession): IntakeState {
  const intake: IntakeState = {};
  for (const slot of INTAKE_SLOTS) {
    const v = session.intake[slot];
    if (typeof v === "string" && v.length > 0) intake[slot] = v;
  }
  return intake;
}

export function visitorMessageCount(session: KioskSession): number {
  return session.messages.filter((m) => m.role === "visitor").length;
}

/** The visitor's own words, in order, as one narrative for the recommender. */
function narrativeOf(session: KioskSession, data: EngineData): string {
  const skip = new Set(data.topicOnly ?? []);
  const parts: string[] = [];
  let index = -1;
  for (const m of session.messages) {
    if (m.role !== "visitor") continue;
    index++;
    if (!skip.has(index)) parts.push(toSimplified(m.text).replace(/[。！？!?；;，,\s]+$/u, ""));
  }
  let text = parts.join("。");
  if (data.topic) text = `（${data.topic}）${text}`;
  // Keep the latest words when a long conversation exceeds what the analysis accepts.
  return text.length > MAX_TEXT_LENGTH ? text.slice(text.length - MAX_TEXT_LENGTH) : text;
}

export function createChatEngine(deps: ChatEngineDeps) {
  const now = deps.now ?? (() => new Date());

  async function recommend(session: KioskSession, data: EngineData, signal?: AbortSignal): Promise<{ rec: Recommendation; result: KioskResult }> {
    const rec = await deps.recommender.recommend({ text: narrativeOf(session, data), maxCitations: 3, maxCases: 1 }, signal);
    const caseCode = session.caseCode ?? (await deps.caseCodes.issue(session.id));
    session.caseCode = caseCode;
    const window = windowFor(rec);
    return {
      rec,
      result: {
        caseCode,
        typeName: rec.type.name,
        explanation: explainLaw(rec),
        nextSteps: nextStepsFor(rec, window),
        window,
        qrSvg: await caseCodeQrSvg(caseCode),
      },
    };
  }

  /**
   * Folds one visitor turn into `session` (mutated; the caller saves it) and emits the
   * events to send, in order: emergency (if any), intake, message, result (when complete).
   */
  async function respond(session: KioskSession, turn: ChatTurn, emit: (e: ChatEvent) => Promise<void>, signal?: AbortSignal): Promise<void> {
    const data = readData(session);
    const original = turn.message.trim();
    const text = toSimplified(original);
    const at = now().toISOString();
    const visitorIndex = visitorMessageCount(session);
    session.messages.push({ role: "visitor", text: original, at });

    const topic = turn.topic ?? (KIOSK_TOPICS as readonly string[]).find((t) => t === text);
    const onlyTopic = topic !== undefined && text === topic;
    if (topic) data.topic = topic;
    if (onlyTopic) data.topicOnly = [...(data.topicOnly ?? []), visitorIndex];

    const kinds = detectEmergency(text);
    if (kinds.length > 0) {
      data.emergency = [...new Set([...(data.emergency ?? []), ...kinds])];
      await emit({ event: "emergency", data: { text: emergencyNotice(kinds), kinds } });
    }

    const hadResult = session.caseCode !== undefined && data.typeCode !== undefined;
    const intake = onlyTopic ? readIntake(session) : updateIntake(readIntake(session), text, data.lastAsked);
    session.intake = { ...intake };
    const missing = missingSlots(intake);
    await emit({ event: "intake", data: { missing, collected: intake } });

    const opening =
      kinds.length > 0
        ? "听到这些，我很担心您。您先照顾好自己。"
        : onlyTopic
          ? `好的，是“${topic}”方面的事。`
          : (ACKNOWLEDGEMENTS[visitorIndex % ACKNOWLEDGEMENTS.length] ?? "");
    const ask = missing[0];
    if (ask && !hadResult) {
      data.lastAsked = ask;
      const reply = `${opening}${SLOT_QUESTIONS[ask]}`;
      await emit({ event: "message", data: { text: reply } });
      session.messages.push({ role: "assistant", text: reply, at });
      session.data = { ...session.data, ...data };
      return;
    }

    delete data.lastAsked;
    const { rec, result } = await recommend(session, data, signal);
    data.typeCode = rec.type.code;
    const reply = hadResult
      ? `${opening}我把新的情况也记上了。您的案件码不变，还是 ${result.caseCode}。`
      : `${kinds.length > 0 ? opening : ""}谢谢您，情况我都记下了。您的事属于“${rec.type.name}”。下面是法律怎么说，和接下来怎么办。请收好您的案件码。`;
    await emit({ event: "message", data: { text: reply } });
    await emit({ event: "result", data: result });
    session.messages.push({ role: "assistant", text: reply, at });
    session.data = { ...session.data, ...data };
    if (data.lastAsked === undefined) delete (session.data as Record<string, unknown>).lastAsked;
  }

  return { respond };
}

export type ChatEngine = ReturnType<typeof createChatEngine>;
