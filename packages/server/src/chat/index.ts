export { createChatRoutes, ChatRequestSchema, type ChatRequest, type ChatRoutesDeps } from "./chat-routes.ts";
export { createChatEngine, type ChatEvent, type ChatEngine, MAX_CHAT_MESSAGE } from "./chat-engine.ts";
export { detectEmergency, emergencyNotice, type EmergencyKind } from "./emergency.ts";
export { detectSlots, INTAKE_SLOTS, KIOSK_TOPICS, type IntakeSlot } from "./intake-slots.ts";
export { createMemoryChatState } from "./memory-chat-state.ts";
