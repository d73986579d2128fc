import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeUnstructured, type FakeUnstructured } from "../../test/fake-unstructured-server.ts";
import { extractDocumentText } from "./extract-document-text.ts";
import { htmlToText } from "./local-extractors.ts";

async function makeDocx(paragraphs: string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join("");
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: "uint8array" });
}

async function makePdf(pages: string[][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font }));
  }
  return pdf.save();
}

describe("extractDocumentText — local", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "mediate-docs-"));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("reads a generated DOCX with mammoth", async () => {
    const docx = await makeDocx(["借款合同", "甲方向乙方借款人民币伍万元整，借期一年。"]);
    const doc = await extractDocumentText(docx, "合同.docx");
    expect(doc.via).toBe("local");
    expect(doc.text).toContain("借款合同");
    expect(doc.text).toContain("甲方向乙方借款人民币伍万元整");
    expect(doc.elements.map((e) => e.text)).toEqual(["借款合同", "甲方向乙方借款人民币伍万元整，借期一年。"]);
  });

  it("reads the text layer of a generated PDF, page by page, from a path", async () => {
    const file = path.join(dir, "judgment.pdf");
    await writeFile(file, await makePdf([["Loan agreement", "Borrower repays 50000 yuan"], ["Signed by both parties"]]));
    const doc = await extractDocumentText(file, "judgment.pdf");
    expect(doc.text).toMatch(/Loan agreement/);
    expect(doc.text).toMatch(/Signed by both parties/);
    expect(doc.elements.find((e) => /Signed/.test(e.text))?.page).toBe(2);
  });

  it("explains that a PDF without a text layer needs OCR", async () => {
    const empty = await makePdf([[]]);
    await expect(extractDocumentText(empty, "scan.pdf")).rejects.toMatchObject({ code: "empty_text", message: expect.stringMatching(/扫描件/) });
  });

  it("reads HTML, UTF-8 and GB18030 text", async () => {
    const html = "<html><head><style>p{}</style></head><body><h1>调解协议</h1><p>双方同意&nbsp;分期还款&amp;结清。</p><script>x()</script></body></html>";
    expect((await extractDocumentText(new TextEncoder().encode(html), "a.html")).text).toBe("调解协议\n\n双方同意 分期还款&结清。");
    expect((await extractDocumentText(new TextEncoder().encode("\uFEFF老板拖欠工资"), "a.txt")).text).toBe("老板拖欠工资");
    const gb = Uint8Array.from([0xc0, 0xcf, 0xb0, 0xe5, 0xcd, 0xcf, 0xc7, 0xb7, 0xb9, 0xa4, 0xd7, 0xca]); // 老板拖欠工资 in GB18030
    expect((await extractDocumentText(gb, "b.txt")).text).toBe("老板拖欠工资");
  });

  it("rejects unsupported, binary, empty, missing and oversized input clearly", async () => {
    await expect(extractDocumentText(Uint8Array.from([1, 2, 3]), "photo.jpg")).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/Unstructured/) });
    await expect(extractDocumentText(Uint8Array.from([0x50, 0, 0, 1]), "a.txt")).rejects.toMatchObject({ code: "binary_input" });
    await expect(extractDocumentText(new Uint8Array(0), "a.txt")).rejects.toMatchObject({ code: "empty_text" });
    await expect(extractDocumentText(path.join(dir, "nope.txt"), "nope.txt")).rejects.toMatchObject({ code: "not_found" });
    await expect(extractDocumentText(new Uint8Array(100).fill(65), "a.txt", { maxBytes: 10 })).rejects.toMatchObject({ code: "payload_too_large" });
    await expect(extractDocumentText(Uint8Array.from([0x50, 0x4b, 3, 4, 9, 9]), "bad.docx")).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("htmlToText decodes numeric entities", () => {
    expect(htmlToText("<p>&#x5DE5;&#36164;</p>")).toBe("工资");
  });
});

describe("extractDocumentText — Unstructured partition API", () => {
  let server: FakeUnstructured;
  beforeAll(async () => {
    server = await startFakeUnstructured();
  });
  afterAll(async () => server.close());

  it("uploads PDF/DOCX/images to the partition endpoint and joins element texts", async () => {
    const pdf = await makePdf([["Contract"]]);
    const doc = await extractDocumentText(pdf, "合同扫描件.pdf", { unstructuredApiUrl: server.url, unstructuredApiKey: "k-123" });
    expect(doc.via).toBe("unstructured");
    expect(doc.text).toBe(`识别结果：合同扫描件.pdf\n\n甲方应于每月十日前支付工资（文件 ${pdf.byteLength} 字节）。\n\n乙方签字：张三`);
    expect(doc.elements.map((e) => [e.type, e.page])).toEqual([["Title", 1], ["NarrativeText", 1], ["NarrativeText", 2]]);
    const req = server.received.at(-1)!;
    expect(req.fileName).toBe("合同扫描件.pdf");
    expect(Buffer.from(req.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect(req.apiKey).toBe("k-123");
    expect(req.fields.strategy).toBe("auto");

    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const image = await extractDocumentText(png, "欠条.png", { unstructuredApiUrl: `${server.url}/` });
    expect(image.text).toContain("识别结果：欠条.png");
    const docx = await makeDocx(["x"]);
    expect((await extractDocumentText(docx, "a.docx", { unstructuredApiUrl: server.url })).via).toBe("unstructured");
  });

  it("keeps plain text local even when the API is configured", async () => {
    const before = server.received.length;
    const doc = await extractDocumentText(new TextEncoder().encode("本地文本"), "a.txt", { unstructuredApiUrl: server.url });
    expect(doc.via).toBe("local");
    expect(server.received.length).toBe(before);
  });

  it("maps API rejections and an unreachable server to clear errors", async () => {
    server.failWith = 422;
    await expect(extractDocumentText(Uint8Array.from([1, 2]), "x.pdf", { unstructuredApiUrl: server.url })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/HTTP 422/),
    });
    server.failWith = null;
    await expect(extractDocumentText(Uint8Array.from([1, 2]), "x.pdf", { unstructuredApiUrl: "http://127.0.0.1:9", timeoutMs: 3000 })).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/无法连接 Unstructured 服务/),
    });
  });
});
