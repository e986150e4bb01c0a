"""Scoring assessments against installed content, with compiled scorers reused."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from levelcheck.core.assessment import Assessment, Company, load_assessment
from levelcheck.core.content import ContentLibrary, shipped_dir
from levelcheck.core.document import Document
from levelcheck.core.errors import AssessmentError, LevelCheckError
from levelcheck.core.files import is_document
from levelcheck.core.result import ScoreResult
from levelcheck.core.ruleset import RuleSet
from levelcheck.core.scoring import Scorer


class ScoringService:
    def __init__(self, library: ContentLibrary) -> None:
        self.library = library
        self._scorers: dict[tuple[str, str], Scorer] = {}

    @classmethod
    def installed(cls, extra_content: Sequence[Path] = ()) -> ScoringService:
        """The shipped content plus the user's folders (their problems are errors)."""
        lib = ContentLibrary.load_cached([shipped_dir("questionnaires"), *extra_content])
        if lib.problems:
            first = lib.problems[0]
            if len(lib.problems) > 1:
                first.message += f" (and {len(lib.problems) - 1} more: run 'levelcheck validate')"
            raise first
        return cls(lib)

    def ruleset_for(self, assessment: Assessment, ruleset_id: str | None = None) -> RuleSet:
        return self._ruleset(assessment.ruleset.id, assessment.ruleset.version, ruleset_id)

    def _ruleset(self, rid: str, version: str, override: str | None) -> RuleSet:
        if override is not None:
            return self.library.ruleset(override)
        return self.library.ruleset(rid, version)

    def scorer(self, ruleset: RuleSet) -> Scorer:
        found = self._scorers.get(ruleset.ref)
        if found is None:
            q = self.library.questionnaire(ruleset.questionnaire.id, ruleset.questionnaire.version)
            found = self._scorers[ruleset.ref] = Scorer(q, ruleset)
        return found

    def score(self, assessment: Assessment, ruleset_id: str | None = None) -> ScoreResult:
        rs = self.ruleset_for(assessment, ruleset_id)
        self._check_match(rs, assessment.questionnaire.id, assessment.questionnaire.version)
        return self.scorer(rs).score(assessment.answers)

    def score_document(self, doc: Document, ruleset_id: str | None = None) -> ScoreResult:
        """Score an open document straight from its answer rows."""
        rs = self._ruleset(doc.ruleset.id, doc.ruleset.version, ruleset_id)
        self._check_match(rs, doc.questionnaire.id, doc.questionnaire.version)
        values = ((r[0], r[1], bool(r[2]), r[3]) for r in doc.answer_values())
        return self.scorer(rs).score_values(values)

    @staticmethod
    def _check_match(rs: RuleSet, qid: str, version: str) -> None:
        if (qid, version) != (rs.questionnaire.id, rs.questionnaire.version):
            raise AssessmentError(
                f"rule set {rs.id} scores questionnaire {rs.questionnaire.id} "
                f"{rs.questionnaire.version}, but the assessment uses {qid} {version}"
            )

    def score_file(self, path: Path, ruleset_id: str | None = None) -> tuple[Company, ScoreResult]:
        """Score a JSON assessment or a ``.levelcheck`` document (opened read-only)."""
        try:
            if not is_document(path):
                assessment = load_assessment(path)
                return assessment.company, self.score(assessment, ruleset_id)
            with Document.open(path, readonly=True) as doc:
                return doc.company, self.score_document(doc, ruleset_id)
        except LevelCheckError as exc:
            if exc.file is None:
                exc.file = str(path)
            raise
