/** A PDF's text, as a reader extracts it (pdf-parse, on Mozilla's PDF.js), whitespace folded. */
export async function pdfText(pdf: Uint8Array) {
  const { PDFParse } = await import("pdf-parse");
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, " ");
  } finally {
    await parser.destroy();
  }
}
