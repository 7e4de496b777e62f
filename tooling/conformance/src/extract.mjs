// Extracts the normative statements of an RFC: every sentence with a BCP 14 keyword (RFC 2119,
// RFC 8174: only the upper-case words count), each with a stable ID `RFC<n>-<section>-<ordinal>`
// where the ordinal counts the statements of that section, in order, from 1.
// The text is the RFC Editor .txt: pages are joined first (the footer, form feed and header of
// each page removed) so that a sentence split by a page break stays one sentence.

/** The BCP 14 keywords, longest first so that "MUST NOT" wins over "MUST". */
const KEYWORDS = ["MUST NOT", "SHALL NOT", "SHOULD NOT", "NOT RECOMMENDED", "MUST", "REQUIRED", "SHALL", "SHOULD", "RECOMMENDED", "MAY", "OPTIONAL"];
const keywordRe = new RegExp(`(?<![A-Za-z"'-])(${KEYWORDS.join("|")})(?![A-Za-z"'-])`, "g");

/** The three levels the matrix counts: MUST (absolute), SHOULD (recommended), MAY (optional). */
export const levelOf = (keyword) => {
  switch (keyword) {
    case "MUST": case "MUST NOT": case "REQUIRED": case "SHALL": case "SHALL NOT":
      return "MUST";
    case "SHOULD": case "SHOULD NOT": case "RECOMMENDED": case "NOT RECOMMENDED":
      return "SHOULD";
    case "MAY": case "OPTIONAL":
      return "MAY";
    default:
      throw new Error(`not a BCP 14 keyword: ${keyword}`);
  }
};
const strength = { MUST: 0, SHOULD: 1, MAY: 2 };

const pageBreakRe = /\n(?:[ \t]*\n)*[^\n]*\[Page \d+\][ \t]*\n\f?\n?RFC \d+ [^\n]*\n(?:[ \t]*\n)*/g;
const lastFooterRe = /\n(?:[ \t]*\n)*[^\n]*\[Page \d+\][ \t]*\n?\f?\s*$/;

/** Joins the pages: a paragraph cut by the page break is glued back; one that ended there stays apart. */
export const joinPages = (text) =>
  text.replace(/\r\n/g, "\n").replace(lastFooterRe, "\n").replace(pageBreakRe, (match, offset, whole) => {
    const before = whole.slice(Math.max(0, offset - 200), offset).trimEnd();
    return /[.:]$/.test(before) ? "\n\n" : "\n";
  });

const numberedHeadingRe = /^(\d+(?:\.\d+)*)\.?\s+(\S.*)$/;
const appendixHeadingRe = /^(?:Appendix\s+)?([A-Z](?:\.\d+)*)\.?\s+(\S.*)$/;

/** A line at column 0 that opens a section, or that ends the numbered part (an unnumbered heading). */
const headingOf = (line) => {
  if (line.length === 0 || /^\s/.test(line) || line.includes("=") || /\.\s*\.\s*\./.test(line)) return undefined;
  const numbered = numberedHeadingRe.exec(line);
  if (numbered !== null) return { section: numbered[1], title: numbered[2].trim() };
  const appendix = appendixHeadingRe.exec(line);
  if (appendix !== null) return { section: appendix[1], title: appendix[2].trim() };
  // An unnumbered heading (Authors' Addresses, Full Copyright Statement) is words only; a line of
  // a figure that starts at column 0 ("resp. to TU |  1xx" in RFC 3261 Figure 5) is not one.
  return /^[A-Z][A-Za-z' ,&-]*$/.test(line.trim()) && line.length < 60 ? { section: null, title: line.trim() } : undefined;
};

const abbreviations = /(?:\b(?:e\.g|i\.e|et al|al|vs|Sec|cf|approx|resp|viz|No)\.|\b[A-Z]\.)$/;

/** Splits a paragraph into sentences at ". ", "? " or "! " before an upper-case letter, digit or quote. */
export const sentencesOf = (paragraph) => {
  const parts = [];
  let start = 0;
  const re = /[.!?]["')]*\s+(?=["'(]?[A-Z0-9])/g;
  for (let m = re.exec(paragraph); m !== null; m = re.exec(paragraph)) {
    const upTo = paragraph.slice(start, m.index + 1);
    if (abbreviations.test(upTo)) continue;
    parts.push(paragraph.slice(start, m.index + m[0].trimEnd().length).trim());
    start = m.index + m[0].length;
  }
  parts.push(paragraph.slice(start).trim());
  return parts.filter((s) => s.length > 0);
};

/** Keywords used normatively: upper case, not quoted (`"MUST"` in the boilerplate names the word). */
export const keywordsOf = (sentence) => [...sentence.matchAll(keywordRe)].map((m) => m[1]);

/**
 * The statements of one RFC's text: `{ id, rfc, section, sectionTitle, ordinal, keyword, level,
 * keywords, text }`, in document order. Sections before the first numbered heading and after an
 * unnumbered one (the boilerplate, Authors' Addresses, the copyright) are not read.
 */
export const extractStatements = (rfc, rawText) => {
  const lines = joinPages(rawText).split("\n");
  const statements = [];
  const ordinals = new Map();
  let section = null;
  let sectionTitle = "";
  let paragraph = [];

  const flush = () => {
    if (section === null || paragraph.length === 0) {
      paragraph = [];
      return;
    }
    const text = paragraph
      .map((l) => l.trim())
      .join(" ")
      .replace(/(\w)- (\w)/g, "$1-$2")
      .replace(/\s+/g, " ")
      .replace(/^(?:o|\*|-|\d+\.|\([a-z0-9]+\)|[a-z]\))\s+/, "");
    paragraph = [];
    for (const sentence of sentencesOf(text)) {
      const keywords = keywordsOf(sentence);
      if (keywords.length === 0) continue;
      const ordinal = (ordinals.get(section) ?? 0) + 1;
      ordinals.set(section, ordinal);
      const keyword = [...keywords].sort((a, b) => strength[levelOf(a)] - strength[levelOf(b)])[0];
      statements.push({
        id: `RFC${rfc}-${section}-${ordinal}`,
        rfc,
        section,
        sectionTitle,
        ordinal,
        keyword,
        level: levelOf(keyword),
        keywords: [...new Set(keywords)],
        text: sentence,
      });
    }
  };

  for (const line of lines) {
    const heading = headingOf(line);
    if (heading !== undefined) {
      flush();
      // Before the first numbered heading, an unnumbered line is front matter: keep waiting.
      section = heading.section;
      sectionTitle = heading.title;
      continue;
    }
    if (line.trim().length === 0) flush();
    else paragraph.push(line);
  }
  flush();
  return statements;
};
