<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AssessmentSession</name>
    <message>
        <source>you do not have permission to change this file</source>
        <translation>이 파일을 변경할 권한이 없습니다</translation>
    </message>
    <message>
        <source>you do not have permission to write in its folder</source>
        <translation>이 파일이 있는 폴더에 쓸 권한이 없습니다</translation>
    </message>
    <message>
        <source>an older LevelCheck file, migrated in memory</source>
        <translation>이전 LevelCheck 파일을 메모리에서 변환했습니다</translation>
    </message>
    <message>
        <source>open for editing in another LevelCheck window</source>
        <translation>다른 LevelCheck 창에서 편집 중입니다</translation>
    </message>
    <message>
        <source>open for editing in another LevelCheck window (%1 on %2, process %3)</source>
        <translation>다른 LevelCheck 창에서 편집 중입니다(%2의 %1, 프로세스 %3)</translation>
    </message>
    <message>
        <source>Attach %1 to %2</source>
        <translation>%2에 %1 첨부</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>LevelCheck: unexpected error</source>
        <translation>LevelCheck: 예기치 않은 오류</translation>
    </message>
    <message>
        <source>Something went wrong inside LevelCheck. Your answers are saved as you go. Please copy the text below into a bug report.</source>
        <translation>LevelCheck 내부에서 문제가 발생했습니다. 응답은 입력할 때마다 저장되어 있습니다. 아래 내용을 복사하여 오류 신고에 붙여 넣어 주세요.</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>오류 상세 내용</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Copy error details</source>
        <translation>오류 상세 내용 복사</translation>
    </message>
</context>
<context>
    <name>EvidenceStrip</name>
    <message>
        <source>Evidence files of this item</source>
        <translation>이 문항의 증빙 파일</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Remove the selected evidence file</source>
        <translation>선택한 증빙 파일 삭제</translation>
    </message>
    <message>
        <source>Remove the selected evidence file (Delete)</source>
        <translation>선택한 증빙 파일 삭제 (Delete)</translation>
    </message>
    <message>
        <source>listed without its file</source>
        <translation>파일 없이 목록만 있음</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>다른 이름으로 저장…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>삭제…</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>증빙</translation>
    </message>
    <message>
        <source>“%1” is listed without its file: there is nothing to open or save.</source>
        <translation>“%1”은(는) 파일 없이 목록만 있어 열거나 저장할 수 없습니다.</translation>
    </message>
    <message>
        <source>Cannot make a temporary folder to open the evidence: %1</source>
        <translation>증빙을 열 임시 폴더를 만들 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Cannot open the evidence: %1</source>
        <translation>증빙을 열 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Save evidence as</source>
        <translation>증빙 저장 위치</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>%1 파일을 저장할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>“%1” is listed without its file, so removing it cannot be undone. Remove it from this item?</source>
        <translation>“%1”은(는) 파일 없이 목록만 있어 삭제하면 되돌릴 수 없습니다. 이 문항에서 삭제하시겠습니까?</translation>
    </message>
    <message>
        <source>Remove the evidence file “%1” from this item?</source>
        <translation>이 문항에서 증빙 파일 “%1”을(를) 삭제하시겠습니까?</translation>
    </message>
    <message>
        <source>Remove evidence</source>
        <translation>증빙 삭제</translation>
    </message>
    <message>
        <source>Remove evidence %1 from %2</source>
        <translation>%2 문항에서 증빙 %1 삭제</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>내보내는 중</translation>
    </message>
</context>
<context>
    <name>ExportPdfDialog</name>
    <message>
        <source>Export PDF report</source>
        <translation>PDF 보고서 내보내기</translation>
    </message>
    <message>
        <source>Report language</source>
        <translation>보고서 언어</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <source>Theme file</source>
        <translation>테마 파일</translation>
    </message>
    <message>
        <source>Default theme</source>
        <translation>기본 테마</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>선택…</translation>
    </message>
    <message>
        <source>Choose a theme file</source>
        <translation>테마 파일 선택</translation>
    </message>
    <message>
        <source>Unsigned (no issuer signature)</source>
        <translation>서명 안 함 (발행자 서명 없음)</translation>
    </message>
    <message>
        <source>Unsigned</source>
        <translation>서명 안 함</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Theme (YAML)</source>
        <translation>테마 (YAML)</translation>
    </message>
    <message>
        <source>Issuer name</source>
        <translation>발급자 이름</translation>
    </message>
    <message>
        <source>Issuer organisation</source>
        <translation>발급 기관</translation>
    </message>
    <message>
        <source>There is no signing key yet. One is made now for this issuer, and every report from now on is signed with it.</source>
        <translation>아직 서명 키가 없습니다. 이 발급자 이름으로 지금 키를 만들며, 이후 모든 보고서에 이 키로 서명합니다.</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>발급자</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>기관</translation>
    </message>
    <message>
        <source>Signed as: %1</source>
        <translation>서명자: %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>보고서 내보내기</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Report theme</source>
        <translation>보고서 테마</translation>
    </message>
    <message>
        <source>Themes (*.yaml *.yml)</source>
        <translation>테마 파일 (*.yaml *.yml)</translation>
    </message>
</context>
<context>
    <name>ItemPage</name>
    <message>
        <source>Item page</source>
        <translation>문항 화면</translation>
    </message>
    <message>
        <source>Not applicable (N/A)</source>
        <translation>해당없음 (N/A)</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>해당없음</translation>
    </message>
    <message>
        <source>Why this item does not apply here</source>
        <translation>이 사업장에 해당하지 않는 사유</translation>
    </message>
    <message>
        <source>N/A justification</source>
        <translation>해당없음 사유</translation>
    </message>
    <message>
        <source>N/A problem</source>
        <translation>해당없음 입력 문제</translation>
    </message>
    <message>
        <source>Evidence strength</source>
        <translation>증빙 강도</translation>
    </message>
    <message>
        <source>— not recorded —</source>
        <translation>— 미기록 —</translation>
    </message>
    <message>
        <source>Claimed</source>
        <translation>주장</translation>
    </message>
    <message>
        <source>Documented</source>
        <translation>문서 확인</translation>
    </message>
    <message>
        <source>Observed</source>
        <translation>현장 확인</translation>
    </message>
    <message>
        <source>Notes for this item (saved as you type)</source>
        <translation>이 문항에 대한 메모 (입력하는 대로 저장됩니다)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Attach evidence…</source>
        <translation>증빙 첨부…</translation>
    </message>
    <message>
        <source>Attach evidence</source>
        <translation>증빙 첨부</translation>
    </message>
    <message>
        <source>Evidence files</source>
        <translation>증빙 파일</translation>
    </message>
    <message>
        <source>Attach result</source>
        <translation>첨부 결과</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>진단 가이드</translation>
    </message>
    <message>
        <source>Evidence to look at</source>
        <translation>확인할 증빙</translation>
    </message>
    <message>
        <source>Rating (keys 1–5)</source>
        <translation>수준 평가 (1–5 키)</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>파일 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Rate %1 at level %2</source>
        <translation>%1 문항을 %2수준으로 평가</translation>
    </message>
    <message>
        <source>Clear N/A of %1</source>
        <translation>%1 문항의 해당없음 해제</translation>
    </message>
    <message>
        <source>Press Enter or Tab to mark the item N/A with this reason.</source>
        <translation>Enter 또는 Tab을 누르면 이 사유로 해당없음 처리됩니다.</translation>
    </message>
    <message>
        <source>N/A needs a justification: say why this item does not apply. The item is not marked N/A until you do.</source>
        <translation>해당없음에는 사유가 필요합니다. 이 문항이 해당하지 않는 이유를 입력하세요. 사유를 입력하기 전에는 해당없음으로 처리되지 않습니다.</translation>
    </message>
    <message>
        <source>Already attached, skipped: %1</source>
        <translation>이미 첨부된 파일이라 건너뜀: %1</translation>
    </message>
    <message>
        <source>Mark %1 N/A</source>
        <translation>%1 문항을 해당없음으로 표시</translation>
    </message>
    <message>
        <source>Set evidence strength of %1</source>
        <translation>%1 문항의 증빙 강도 설정</translation>
    </message>
    <message>
        <source>Edit note of %1</source>
        <translation>%1 문항의 메모 수정</translation>
    </message>
</context>
<context>
    <name>LivePanel</name>
    <message>
        <source>Live result</source>
        <translation>실시간 결과</translation>
    </message>
    <message>
        <source>Total score</source>
        <translation>총점</translation>
    </message>
    <message>
        <source>Level and stage</source>
        <translation>수준 및 단계</translation>
    </message>
    <message>
        <source>Provisional</source>
        <translation>잠정 결과</translation>
    </message>
    <message>
        <source>Completeness</source>
        <translation>응답 완료율</translation>
    </message>
    <message>
        <source>Gap to the next level</source>
        <translation>다음 수준까지의 차이</translation>
    </message>
    <message>
        <source>Category levels radar chart</source>
        <translation>분야별 수준 방사형 차트</translation>
    </message>
    <message>
        <source>Top level reached</source>
        <translation>최고 수준 달성</translation>
    </message>
    <message>
        <source>To reach Level %1:</source>
        <translation>수준 %1에 도달하려면:</translation>
    </message>
    <message>
        <source>No level yet</source>
        <translation>수준 미판정</translation>
    </message>
    <message>
        <source>%1 / %2 points</source>
        <translation>%1 / %2점</translation>
    </message>
    <message>
        <source>No total in this rule set</source>
        <translation>이 평가 기준에는 총점이 없습니다</translation>
    </message>
    <message>
        <source>Level %1 · %2</source>
        <translation>수준 %1 · %2</translation>
    </message>
    <message>
        <source>Provisional: %1 item(s) not answered yet</source>
        <translation>잠정 결과: 아직 응답하지 않은 문항 %1개</translation>
    </message>
    <message>
        <source>Completeness %1%</source>
        <translation>응답 완료율 %1%</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>현재</translation>
    </message>
    <message>
        <source>Level %1</source>
        <translation>수준 %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>LevelCheck</source>
        <translation>LevelCheck</translation>
    </message>
    <message>
        <source>Loading the questionnaire and rule sets…</source>
        <translation>진단표와 평가 기준을 불러오는 중…</translation>
    </message>
    <message>
        <source>Your content folder was not loaded: %1</source>
        <translation>내 콘텐츠 폴더를 불러오지 못했습니다: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New assessment…</source>
        <translation>새 진단(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>파일 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Close assessment</source>
        <translation>진단 닫기(&amp;C)</translation>
    </message>
    <message>
        <source>Export &amp;PDF…</source>
        <translation>PDF로 내보내기(&amp;P)…</translation>
    </message>
    <message>
        <source>Export &amp;JSON…</source>
        <translation>JSON으로 내보내기(&amp;J)…</translation>
    </message>
    <message>
        <source>Export CS&amp;V…</source>
        <translation>CSV 내보내기(&amp;V)…</translation>
    </message>
    <message>
        <source>One row per item: answer, note, evidence and score, for a spreadsheet</source>
        <translation>문항마다 한 행: 응답, 메모, 증빙, 점수 (스프레드시트용)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>이동(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>Interface &amp;language</source>
        <translation>화면 언어(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <source>&amp;Questionnaire language</source>
        <translation>진단표 언어(&amp;Q)</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <source>Own &amp;content folder…</source>
        <translation>내 콘텐츠 폴더(&amp;C)…</translation>
    </message>
    <message>
        <source>Questionnaires, rule sets and catalogs of your own, offered next to the shipped ones from the next start</source>
        <translation>직접 만든 진단표·판정 규칙·카탈로그를 다음 실행부터 기본 콘텐츠와 함께 제공합니다</translation>
    </message>
    <message>
        <source>Folder of your own content (Cancel: none)</source>
        <translation>내 콘텐츠 폴더 (취소: 사용 안 함)</translation>
    </message>
    <message>
        <source>Content folder: %1 (used from the next start)</source>
        <translation>콘텐츠 폴더: %1 (다음 실행부터 사용)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Save the report as</source>
        <translation>보고서 저장 위치</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 파일 (*.pdf)</translation>
    </message>
    <message>
        <source>Export the assessment as</source>
        <translation>진단 내보내기 위치</translation>
    </message>
    <message>
        <source>JSON assessments (*.json)</source>
        <translation>JSON 진단 파일 (*.json)</translation>
    </message>
    <message>
        <source>Export the items as</source>
        <translation>문항 내보내기 위치</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Building and signing the report…</source>
        <translation>보고서를 만들고 서명하는 중…</translation>
    </message>
    <message>
        <source>Exporting the assessment…</source>
        <translation>진단을 내보내는 중…</translation>
    </message>
    <message>
        <source>Exporting the items…</source>
        <translation>문항을 내보내는 중…</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 파일을 저장했습니다</translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>내보내기를 취소했습니다</translation>
    </message>
    <message>
        <source>Open assessment</source>
        <translation>진단 열기</translation>
    </message>
    <message>
        <source>LevelCheck documents (*.levelcheck);;JSON assessments (*.json)</source>
        <translation>LevelCheck 문서 (*.levelcheck);;JSON 진단 파일 (*.json)</translation>
    </message>
    <message>
        <source>%1 is already open here</source>
        <translation>%1은(는) 이미 이 창에 열려 있습니다</translation>
    </message>
    <message>
        <source>Folder for the example (Cancel: a temporary folder)</source>
        <translation>예시를 저장할 폴더 (취소: 임시 폴더)</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>진단</translation>
    </message>
    <message>
        <source>Save the new assessment as</source>
        <translation>새 진단 저장 위치</translation>
    </message>
    <message>
        <source>LevelCheck documents (*.levelcheck)</source>
        <translation>LevelCheck 문서 (*.levelcheck)</translation>
    </message>
    <message>
        <source>%1 is the assessment open now. Choose another name for the new assessment.</source>
        <translation>%1은(는) 지금 열려 있는 진단입니다. 새 진단에는 다른 이름을 지정하세요.</translation>
    </message>
    <message>
        <source>%1 is open for editing in another LevelCheck window (%2 on %3, process %4). Choose another name for the new assessment.</source>
        <translation>%1은(는) 다른 LevelCheck 창에서 편집 중입니다(%3의 %2, 프로세스 %4). 새 진단에는 다른 이름을 지정하세요.</translation>
    </message>
    <message>
        <source>%1 is open for editing in another LevelCheck window. Choose another name for the new assessment.</source>
        <translation>%1은(는) 다른 LevelCheck 창에서 편집 중입니다. 새 진단에는 다른 이름을 지정하세요.</translation>
    </message>
    <message>
        <source>%1 was not closed properly, and the file with its last changes (%2) is not beside it: changes made after its last save may be missing.</source>
        <translation>%1 파일이 제대로 닫히지 않았고, 마지막 변경 내용이 담긴 파일(%2)이 옆에 없습니다. 마지막 저장 이후의 변경 내용이 빠져 있을 수 있습니다.</translation>
    </message>
    <message>
        <source>Read-only: %1</source>
        <translation>읽기 전용: %1</translation>
    </message>
    <message>
        <source>Migrated from an older LevelCheck into %1</source>
        <translation>이전 버전 LevelCheck 문서를 %1(으)로 변환했습니다</translation>
    </message>
    <message>
        <source>%1 (read-only) — LevelCheck</source>
        <translation>%1 (읽기 전용) — LevelCheck</translation>
    </message>
    <message>
        <source>%1 — LevelCheck</source>
        <translation>%1 — LevelCheck</translation>
    </message>
    <message>
        <source>An export is running. Cancel it and close the assessment?</source>
        <translation>내보내기가 진행 중입니다. 취소하고 진단을 닫을까요?</translation>
    </message>
    <message>
        <source>An export is running. Cancel it and quit?</source>
        <translation>내보내기가 진행 중입니다. 취소하고 끝낼까요?</translation>
    </message>
</context>
<context>
    <name>NavigationModel</name>
    <message>
        <source>Item</source>
        <translation>문항</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>L%1</source>
        <translation>L%1</translation>
    </message>
    <message>
        <source>N/A</source>
        <translation>해당없음</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>응답함</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>해당없음</translation>
    </message>
    <message>
        <source>not answered</source>
        <translation>미응답</translation>
    </message>
</context>
<context>
    <name>NewAssessmentDialog</name>
    <message>
        <source>New assessment</source>
        <translation>새 진단</translation>
    </message>
    <message>
        <source>Registration number problem</source>
        <translation>사업자등록번호 오류</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source> × 100 million KRW</source>
        <translation> 억원</translation>
    </message>
    <message>
        <source>Names, separated by commas</source>
        <translation>이름을 쉼표로 구분</translation>
    </message>
    <message>
        <source>Company name *</source>
        <translation>기업명 *</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>기업명</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>업종</translation>
    </message>
    <message>
        <source>Business registration number</source>
        <translation>사업자등록번호</translation>
    </message>
    <message>
        <source>Employees</source>
        <translation>종업원 수</translation>
    </message>
    <message>
        <source>Annual sales</source>
        <translation>연매출</translation>
    </message>
    <message>
        <source>Investment budget</source>
        <translation>투자 예산</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>사업장</translation>
    </message>
    <message>
        <source>Sponsor (large company, if any)</source>
        <translation>지원 대기업 (있는 경우)</translation>
    </message>
    <message>
        <source>Assessor</source>
        <translation>진단 위원</translation>
    </message>
    <message>
        <source>Assessors</source>
        <translation>진단 위원</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>진단일</translation>
    </message>
    <message>
        <source>Rule set</source>
        <translation>평가 기준</translation>
    </message>
    <message>
        <source>Priority KPIs</source>
        <translation>우선 KPI</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>필수</translation>
    </message>
    <message>
        <source>Optional; in units of 100 million won (억원). The upgrade path keeps its expected cost within it.</source>
        <translation>선택 사항이며 억원 단위입니다. 업그레이드 경로는 예상 비용을 이 예산 안에서 맞춥니다.</translation>
    </message>
    <message>
        <source>Choose a questionnaire and a rule set</source>
        <translation>진단표와 평가 기준을 선택하세요</translation>
    </message>
    <message>
        <source>A business registration number has 10 digits: 123-45-67890</source>
        <translation>사업자등록번호는 10자리입니다: 123-45-67890</translation>
    </message>
    <message>
        <source>This business registration number is not valid (its last digit does not match): check it for a typo</source>
        <translation>올바른 사업자등록번호가 아닙니다(마지막 검증 숫자 불일치). 오타가 없는지 확인하세요</translation>
    </message>
    <message>
        <source>Questionnaire</source>
        <translation>진단표</translation>
    </message>
    <message>
        <source>Optional; 10 digits: 123-45-67890</source>
        <translation>선택 사항, 10자리: 123-45-67890</translation>
    </message>
    <message>
        <source>In units of 100 million won (억원)</source>
        <translation>억원 단위</translation>
    </message>
    <message>
        <source>Check the KPIs the company wants improved first; the upgrade path favours actions that improve them</source>
        <translation>기업이 먼저 개선하려는 KPI를 선택하세요. 업그레이드 경로는 이 KPI를 개선하는 조치를 우선합니다</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>만들기</translation>
    </message>
    <message>
        <source>Create the assessment</source>
        <translation>진단 만들기</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Enter the company name</source>
        <translation>기업명을 입력하세요</translation>
    </message>
</context>
<context>
    <name>PlanView</name>
    <message>
        <source>Upgrade path</source>
        <translation>업그레이드 경로</translation>
    </message>
    <message>
        <source>Target level</source>
        <translation>목표 수준</translation>
    </message>
    <message>
        <source>Least effort</source>
        <translation>최소 공수</translation>
    </message>
    <message>
        <source>Least cost</source>
        <translation>최소 비용</translation>
    </message>
    <message>
        <source>Optimise for</source>
        <translation>최적화 기준</translation>
    </message>
    <message>
        <source>Ignore budget</source>
        <translation>예산 무시</translation>
    </message>
    <message>
        <source>Clear pins and drops</source>
        <translation>고정·제외 모두 해제</translation>
    </message>
    <message>
        <source>Plan status</source>
        <translation>계획 상태</translation>
    </message>
    <message>
        <source>Why the target is not reachable</source>
        <translation>목표에 도달할 수 없는 이유</translation>
    </message>
    <message>
        <source>Plan choices</source>
        <translation>계획 선택 사항</translation>
    </message>
    <message>
        <source>Effort</source>
        <translation>공수</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>비용</translation>
    </message>
    <message>
        <source>Plan phases and actions</source>
        <translation>계획 단계 및 조치</translation>
    </message>
    <message>
        <source>Selected action in full</source>
        <translation>선택한 조치 상세</translation>
    </message>
    <message>
        <source>Support programmes</source>
        <translation>지원사업</translation>
    </message>
    <message>
        <source>Expected effects</source>
        <translation>기대 효과</translation>
    </message>
    <message>
        <source>Programmes</source>
        <translation>지원사업</translation>
    </message>
    <message>
        <source>Support programmes and expected effects</source>
        <translation>지원사업 및 기대 효과</translation>
    </message>
    <message>
        <source>Plan totals</source>
        <translation>계획 합계</translation>
    </message>
    <message>
        <source>&amp;Pin this action</source>
        <translation>이 조치 고정(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Drop this action</source>
        <translation>이 조치 제외(&amp;D)</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>목표:</translation>
    </message>
    <message>
        <source>&amp;Budget:</source>
        <translation>예산(&amp;B):</translation>
    </message>
    <message>
        <source>Budget &amp;covers:</source>
        <translation>예산 기준(&amp;C):</translation>
    </message>
    <message>
        <source> × 10,000 KRW</source>
        <translation> 만원</translation>
    </message>
    <message>
        <source>Profile budget</source>
        <translation>기업 정보 예산</translation>
    </message>
    <message>
        <source>Budget for this upgrade, in units of 10,000 KRW</source>
        <translation>이번 업그레이드 예산(만원 단위)</translation>
    </message>
    <message>
        <source>Whole project</source>
        <translation>총 사업비</translation>
    </message>
    <message>
        <source>Company&apos;s share</source>
        <translation>기업 부담금</translation>
    </message>
    <message>
        <source>Budget covers</source>
        <translation>예산 기준</translation>
    </message>
    <message>
        <source>Whole project: the budget caps the whole project cost (the safe choice: support programmes are competitive). Company&apos;s share: the budget is the company&apos;s own money, after the best support programme it is eligible for pays its share.</source>
        <translation>총 사업비: 예산이 사업비 전체의 상한입니다(지원사업은 경쟁 선정이므로 보수적인 기준). 기업 부담금: 예산은 기업 자부담금이며, 지원 가능한 가장 유리한 지원사업이 정부·후원 기업 몫을 부담한다고 보고 계획합니다.</translation>
    </message>
    <message>
        <source>Level %1</source>
        <translation>수준 %1</translation>
    </message>
    <message>
        <source>Planning…</source>
        <translation>계획 수립 중…</translation>
    </message>
    <message>
        <source>No level yet → target Level %1</source>
        <translation>수준 미판정 → 목표 수준 %1</translation>
    </message>
    <message>
        <source>Now Level %1 → target Level %2</source>
        <translation>현재 수준 %1 → 목표 수준 %2</translation>
    </message>
    <message>
        <source>reachable</source>
        <translation>달성 가능</translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation>달성 불가</translation>
    </message>
    <message>
        <source>Total: %1 person-days, %2</source>
        <translation>합계: %1인일, %2</translation>
    </message>
    <message>
        <source>Effort and cost are estimates (%1).</source>
        <translation>공수와 비용은 추정치입니다(%1).</translation>
    </message>
    <message>
        <source>company&apos;s share; no programme applies, the company pays it all</source>
        <translation>기업 부담금, 해당 지원사업이 없어 전액 기업 부담</translation>
    </message>
    <message>
        <source>company&apos;s share; with %1</source>
        <translation>기업 부담금, %1 적용</translation>
    </message>
    <message>
        <source>company&apos;s share; with %1: a project of up to %2</source>
        <translation>기업 부담금, %1 적용 시 사업비 최대 %2</translation>
    </message>
    <message>
        <source>company profile; %1</source>
        <translation>기업 정보, %1</translation>
    </message>
    <message>
        <source>Budget %1 (%2)</source>
        <translation>예산 %1 (%2)</translation>
    </message>
    <message>
        <source>Effort and cost are estimates: %1 (%2)</source>
        <translation>공수와 비용은 추정치입니다: %1 (%2)</translation>
    </message>
    <message>
        <source>Expected effects (%1)</source>
        <translation>기대 효과 (%1)</translation>
    </message>
    <message>
        <source>0 uses the company profile&apos;s budget, %1.</source>
        <translation>0이면 기업 정보의 예산(%1)을 씁니다.</translation>
    </message>
    <message>
        <source>No budget</source>
        <translation>예산 없음</translation>
    </message>
    <message>
        <source>0: no budget, the plan is not capped.</source>
        <translation>0: 예산 없음, 비용 상한 없이 계획합니다.</translation>
    </message>
    <message>
        <source>The company&apos;s budget for this upgrade in 10,000 KRW (만원): 5,000 is 50M KRW, 12,000 is 120M KRW.</source>
        <translation>이번 업그레이드에 쓸 기업 예산(만원 단위): 5,000은 5,000만 원, 12,000은 1.2억 원입니다.</translation>
    </message>
    <message>
        <source>Budget ignored</source>
        <translation>예산 무시</translation>
    </message>
    <message>
        <source>No budget: the plan is not capped</source>
        <translation>예산 없음: 비용 상한 없이 계획</translation>
    </message>
    <message>
        <source>Budget %1 (company profile)</source>
        <translation>예산 %1 (기업 정보)</translation>
    </message>
    <message>
        <source>Budget %1</source>
        <translation>예산 %1</translation>
    </message>
    <message>
        <source>Pinned: %1</source>
        <translation>고정: %1</translation>
    </message>
    <message>
        <source>Dropped: %1</source>
        <translation>제외: %1</translation>
    </message>
    <message>
        <source>sourced</source>
        <translation>출처 확인</translation>
    </message>
    <message>
        <source>secondary source</source>
        <translation>2차 출처</translation>
    </message>
    <message>
        <source>unverified</source>
        <translation>미검증</translation>
    </message>
    <message>
        <source>Source: %1, %2 (confidence: %3)</source>
        <translation>출처: %1, %2 (신뢰도: %3)</translation>
    </message>
    <message>
        <source>No support programmes: there is no plan to fund.</source>
        <translation>지원사업 없음: 지원받을 계획이 없습니다.</translation>
    </message>
    <message>
        <source>Eligible programmes</source>
        <translation>해당 지원사업</translation>
    </message>
    <message>
        <source>Not eligible</source>
        <translation>해당 없음</translation>
    </message>
    <message>
        <source>No cost to the company</source>
        <translation>기업 부담 없음</translation>
    </message>
    <message>
        <source>Government: %1 (%2 of the %3 supported, cap %4)</source>
        <translation>정부 지원: %1 (지원 대상 사업비 %3의 %2, 상한 %4)</translation>
    </message>
    <message>
        <source>Government: %1 (%2 of the %3 supported)</source>
        <translation>정부 지원: %1 (지원 대상 사업비 %3의 %2)</translation>
    </message>
    <message>
        <source>Government: share not published, at most %1</source>
        <translation>정부 지원: 비율 미공개, 상한 %1</translation>
    </message>
    <message>
        <source>Government: share not published</source>
        <translation>정부 지원: 비율 미공개</translation>
    </message>
    <message>
        <source>Sponsor %1: %2 (%3 of the %4 supported)</source>
        <translation>후원 대기업 %1: %2 (지원 대상 사업비 %4의 %3)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>The company pays: %1 (including %2 above the supported amount)</source>
        <translation>기업 부담: %1 (지원 대상 초과분 %2 포함)</translation>
    </message>
    <message>
        <source>no sponsor named in the company profile</source>
        <translation>기업 정보에 후원 대기업 없음</translation>
    </message>
    <message>
        <source>The company pays: %1</source>
        <translation>기업 부담: %1</translation>
    </message>
    <message>
        <source>No actions planned, so no effects to show.</source>
        <translation>계획된 조치가 없어 표시할 효과가 없습니다.</translation>
    </message>
    <message>
        <source>No published effects for the KPIs this plan improves.</source>
        <translation>이 계획이 개선하는 KPI에 대해 발표된 효과가 없습니다.</translation>
    </message>
    <message>
        <source>priority KPI</source>
        <translation>우선 KPI</translation>
    </message>
    <message>
        <source>Published results of similar projects, not a promise for this plant.</source>
        <translation>유사 사업에서 발표된 결과이며, 이 공장에서의 성과를 보장하지 않습니다.</translation>
    </message>
    <message>
        <source>Select an action in the list to see all of it here.</source>
        <translation>목록에서 조치를 선택하면 전체 내용이 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>%1 person-days</source>
        <translation>%1인일</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>항목</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>수준</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>Solutions</source>
        <translation>솔루션</translation>
    </message>
    <message>
        <source>Prerequisites</source>
        <translation>선행 조건</translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>고정됨</translation>
    </message>
    <message>
        <source>Why this action</source>
        <translation>이 조치가 필요한 이유</translation>
    </message>
    <message>
        <source>%1 weeks</source>
        <translation>%1주</translation>
    </message>
    <message>
        <source>%1 at Level %2 or above</source>
        <translation>%1 수준 %2 이상</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1인일</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>찾는 위치(&amp;L):</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>파일 형식(&amp;T):</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <source>Explanation of the result</source>
        <translation>결과 설명</translation>
    </message>
    <message>
        <source>Level and total</source>
        <translation>수준 및 총점</translation>
    </message>
    <message>
        <source>Explanation steps</source>
        <translation>판정 근거 단계</translation>
    </message>
    <message>
        <source>%1 / %2 points</source>
        <translation>%1 / %2점</translation>
    </message>
    <message>
        <source>no total</source>
        <translation>총점 없음</translation>
    </message>
    <message>
        <source>Level %1 · %2 · %3</source>
        <translation>수준 %1 · %2 · %3</translation>
    </message>
    <message>
        <source>No level yet (provisional)</source>
        <translation>수준 미판정 (잠정)</translation>
    </message>
    <message>
        <source>No level yet</source>
        <translation>수준 미판정</translation>
    </message>
</context>
<context>
    <name>RubricCard</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Level %1: %2</source>
        <translation>수준 %1: %2</translation>
    </message>
    <message>
        <source>Rate level %1 (key %1)</source>
        <translation>수준 %1로 평가 (%1 키)</translation>
    </message>
</context>
<context>
    <name>StagedWalkPage</name>
    <message>
        <source>Staged walk</source>
        <translation>단계별 진단</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>회차</translation>
    </message>
    <message>
        <source>Current rating</source>
        <translation>현재 평가</translation>
    </message>
    <message>
        <source>Descriptor</source>
        <translation>수준 기술</translation>
    </message>
    <message>
        <source>Yes, met (Y)</source>
        <translation>예, 충족 (Y)</translation>
    </message>
    <message>
        <source>Descriptor met</source>
        <translation>수준 기술 충족</translation>
    </message>
    <message>
        <source>No, not met (N)</source>
        <translation>아니요, 미충족 (N)</translation>
    </message>
    <message>
        <source>Descriptor not met</source>
        <translation>수준 기술 미충족</translation>
    </message>
    <message>
        <source>Walk: %1 at level %2</source>
        <translation>단계별 진단: %1 문항 %2수준</translation>
    </message>
    <message>
        <source>Staged walk finished after %1 pass(es)</source>
        <translation>단계별 진단 완료 (%1회차)</translation>
    </message>
    <message>
        <source>Every item has its level. Switch to rubric mode to review or change single items.</source>
        <translation>모든 문항의 수준이 정해졌습니다. 개별 문항을 검토하거나 바꾸려면 수준표 모드로 전환하세요.</translation>
    </message>
    <message>
        <source>Pass %1 of %2 · item %3 of %4 · is level %5 met?</source>
        <translation>%1/%2회차 · 문항 %3/%4 · %5수준을 충족합니까?</translation>
    </message>
    <message>
        <source>Now: not rated</source>
        <translation>현재: 미평가</translation>
    </message>
    <message>
        <source>Now: L%1 (Yes keeps L%1, No sets L%2)</source>
        <translation>현재: L%1 (예: L%1 유지, 아니오: L%2로 변경)</translation>
    </message>
    <message>
        <source>Now: L%1</source>
        <translation>현재: L%1</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Start page</source>
        <translation>시작 화면</translation>
    </message>
    <message>
        <source>LevelCheck — smart-factory level assessment</source>
        <translation>LevelCheck — 스마트공장 수준 진단</translation>
    </message>
    <message>
        <source>New assessment…</source>
        <translation>새 진단…</translation>
    </message>
    <message>
        <source>New assessment</source>
        <translation>새 진단</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>파일 열기…</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>파일 열기</translation>
    </message>
    <message>
        <source>Open an example</source>
        <translation>예시 열기</translation>
    </message>
    <message>
        <source>Recent files</source>
        <translation>최근 파일</translation>
    </message>
    <message>
        <source>File not found</source>
        <translation>파일을 찾을 수 없음</translation>
    </message>
    <message>
        <source>Level —</source>
        <translation>수준 —</translation>
    </message>
    <message>
        <source>Level %1</source>
        <translation>수준 %1</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Items</source>
        <translation>문항</translation>
    </message>
    <message>
        <source>Unanswered only</source>
        <translation>미응답만 보기</translation>
    </message>
    <message>
        <source>Show unanswered items only</source>
        <translation>응답하지 않은 문항만 보기</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>판정 근거</translation>
    </message>
    <message>
        <source>Upgrade path</source>
        <translation>업그레이드 경로</translation>
    </message>
    <message>
        <source>Result, explanation and upgrade path</source>
        <translation>결과, 설명 및 업그레이드 경로</translation>
    </message>
    <message>
        <source>Result tabs</source>
        <translation>결과 탭</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>문항</translation>
    </message>
    <message>
        <source>Read-only: %1. Changes cannot be made here.</source>
        <translation>읽기 전용: %1. 여기서는 변경할 수 없습니다.</translation>
    </message>
    <message>
        <source>Read-only notice</source>
        <translation>읽기 전용 안내</translation>
    </message>
    <message>
        <source>&amp;Next item</source>
        <translation>다음 문항(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous item</source>
        <translation>이전 문항(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Unanswered only</source>
        <translation>미응답만 보기(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Staged walk</source>
        <translation>단계별 진단(&amp;S)</translation>
    </message>
    <message>
        <source>Switch between the staged walk (yes/no per level, keys Y/N) and rubric mode (keys 1–5)</source>
        <translation>단계별 진단(수준별 예/아니요, Y/N 키)과 수준표 모드(1–5 키) 사이를 전환합니다</translation>
    </message>
    <message>
        <source>&amp;Explanation of the result</source>
        <translation>결과 판정 근거(&amp;E)</translation>
    </message>
    <message>
        <source>Upgrade &amp;path</source>
        <translation>업그레이드 경로(&amp;P)</translation>
    </message>
    <message>
        <source>Rate level %1</source>
        <translation>수준 %1로 평가</translation>
    </message>
</context>
</TS>
