"""Scoring assessments against installed content, with compiled scorers reused."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from levelcheck.core.assessment import FORMAT, FORMAT_VERSION, Assessment, load_assessment
from levelcheck.core.content import ContentLibrary, shipped_dir
from levelcheck.core.document import Document
from levelcheck.core.errors import AssessmentError, LevelCheckError
from levelcheck.core.interchange import is_document
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
        lib = ContentLibrary.load(primary=[shipped_dir("questionnaires"), *extra_content])
        if lib.problems:
            first = lib.problems[0]
            if len(lib.problems) > 1:
                first.message += f" (and {len(lib.problems) - 1} more: run 'levelcheck validate')"
            raise first
        return cls(lib)

    def ruleset_for(self, assessment: Assessment, ruleset_id: str | None = None) -> RuleSet:
        if ruleset_id is not None:
            return self.library.ruleset(ruleset_id)
        return self.library.ruleset(assessment.ruleset.id, assessment.ruleset.version)

    def scorer(self, ruleset: RuleSet) -> Scorer:
        found = self._scorers.get(ruleset.ref)
        if found is None:
            q = self.library.questionnaire(ruleset.questionnaire.id, ruleset.questionnaire.version)
            found = self._scorers[ruleset.ref] = Scorer(q, ruleset)
        return found

    def score(self, assessment: Assessment, ruleset_id: str | None = None) -> ScoreResult:
        rs = self.ruleset_for(assessment, ruleset_id)
        aq = assessment.questionnaire
        if (aq.id, aq.version) != (rs.questionnaire.id, rs.questionnaire.version):
            raise AssessmentError(
                f"rule set {rs.id} scores questionnaire {rs.questionnaire.id} "
                f"{rs.questionnaire.version}, but the assessment uses {aq.id} {aq.version}"
            )
        return self.scorer(rs).score(assessment.answers)

    def score_file(
        self, path: Path, ruleset_id: str | None = None
    ) -> tuple[Assessment, ScoreResult]:
        """Score a JSON assessment or a ``.levelcheck`` document (opened read-only)."""
        assessment = self._read(path)
        try:
            return assessment, self.score(assessment, ruleset_id)
        except LevelCheckError as exc:
            if exc.file is None:
                exc.file = str(path)
            raise

    @staticmethod
    def _read(path: Path) -> Assessment:
        if not is_document(path):
            return load_assessment(path)
        with Document.open(path, readonly=True) as doc:
            # Scoring needs no evidence, and the stored values were checked on reading.
            return Assessment.model_construct(
                format=FORMAT, format_version=FORMAT_VERSION, questionnaire=doc.questionnaire,
                ruleset=doc.ruleset, company=doc.company, assessment=doc.info,
                answers=doc.answers(with_evidence=False),
            )  # fmt: skip
