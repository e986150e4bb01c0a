import json
from pathlib import Path

from levelcheck.core.assessment import assessment_json_schema

target = Path(__file__).with_name("assessment.schema.json")
target.write_text(
    json.dumps(assessment_json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
)
print(f"wrote {target}")
