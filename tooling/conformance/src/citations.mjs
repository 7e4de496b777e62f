// How a test says which statements it checks, and how an older test that names only a section
// ("RFC 3261 §17.1.1.2 ...") is tied to statements (data/test-map.json, keyed by package and
// test name so that moving a file does not break it).

/** A statement ID cited in a test name: `RFC3261-17.1.1.2-3` (the convention for new tests). */
export const statementIdRe = /\bRFC\d{4}-(?:[0-9]+|[A-Z])(?:\.[0-9]+)*-[0-9]+\b/g;

export const citedIds = (name) => [...name.matchAll(statementIdRe)].map((m) => m[0]);

/**
 * The (rfc, section) pairs a name cites in prose: "RFC 3262 §3", "RFC 3261 §17.1.1.2 and §17.1.2.2".
 * A bare "§x" belongs to the RFC named last before it, RFC 3261 when none is.
 */
export const citedSections = (name) => {
  const out = [];
  let rfc = 3261;
  const re = /RFC\s?(\d{4})|§\s?((?:[0-9]+|[A-Z])(?:\.[0-9]+)*)/g;
  for (let m = re.exec(name); m !== null; m = re.exec(name)) {
    if (m[1] !== undefined) rfc = Number(m[1]);
    else out.push({ rfc, section: m[2].replace(/\.$/, "") });
  }
  return out;
};

const stop = new Set("the and for with that this from into when then than are was were not any all its it's has have had but can may must should shall only also each one two which what who does been being their there other same such via per out its none some more most less".split(" "));

/** Content words, cut to five letters so that "retransmits" meets "retransmission". */
export const wordsOf = (text) =>
  new Set(
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .split(" ")
      .filter((w) => w.length >= 3 && !stop.has(w))
      .map((w) => w.slice(0, 5)),
  );

/**
 * Suggests the statements a test that names sections checks: the statements of each cited
 * section (and its subsections) that share the most content words (at least two) with the
 * test's own title: a clear winner, or two tied at three or more words; the only statement of a
 * one-statement section otherwise.
 * A suggestion is a starting point for review, recorded with its basis, never a final word.
 */
export const suggest = (test, statements) => {
  const leaf = test.name.split(" > ").at(-1) ?? test.name;
  const words = wordsOf(leaf);
  const picks = [];
  for (const cite of citedSections(test.name)) {
    const candidates = statements.filter((s) => s.rfc === cite.rfc && (s.section === cite.section || s.section.startsWith(`${cite.section}.`)));
    if (candidates.length === 1 && candidates[0].section === cite.section) {
      picks.push({ id: candidates[0].id, score: 0, shared: [] });
      continue;
    }
    const scored = candidates
      .map((s) => {
        const shared = [...wordsOf(s.text)].filter((w) => words.has(w));
        return { id: s.id, score: shared.length, shared };
      })
      .filter((c) => c.score >= 2)
      .sort((a, b) => b.score - a.score);
    const best = scored[0]?.score ?? 0;
    const second = scored[1]?.score ?? 0;
    // A clear winner, or the two best when both share at least three words.
    if (best > second) picks.push(scored[0]);
    else picks.push(...scored.filter((c) => c.score >= 3 && c.score === best).slice(0, 2));
  }
  const seen = new Set();
  return picks.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
};
