// 一案一码: the QR code the visitor keeps carries only the case code (no personal data);
// the window scans it and looks the case up.
import QRCode from "qrcode";

export async function caseCodeQrSvg(caseCode: string): Promise<string> {
  return QRCode.toString(caseCode, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
}
