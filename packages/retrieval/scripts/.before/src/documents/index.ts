export { extractDocumentText, type DocumentSettings, type ExtractedDocument } from "./extract-document-text.ts";
export { htmlToText, LOCAL_EXTENSIONS } from "./local-extractors.ts";
