; Inno Setup script for LevelCheck on Windows -- UNTESTED HERE (written on Linux).
; Build the app first (packaging/README.md, "Windows"), then from the repository root:
;   iscc /DAppVersion=0.1.0 packaging\windows\levelcheck.iss
; -> dist\LevelCheck-0.1.0-setup.exe. Installs dist\LevelCheck\ into Program Files,
; a Start-menu shortcut, and the .levelcheck document type with the app's icon.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "LevelCheck"
#define AppExe "LevelCheck.exe"
#define ProgId "LevelCheck.Document"

[Setup]
AppId={{6C1E9A3B-7F2D-4E8A-9B51-3D0C2A7E4F19}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=LevelCheck
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\icons\levelcheck.ico
UninstallDisplayIcon={app}\{#AppExe}
OutputDir=..\..\dist
OutputBaseFilename=LevelCheck-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Languages]
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; the whole one-folder app: LevelCheck.exe (windowed), levelcheck-cli.exe (console), _internal\
Source: "..\..\dist\LevelCheck\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\icons\levelcheck.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .levelcheck -> LevelCheck.Document, opened by LevelCheck.exe "<file>" (= levelcheck gui FILE)
Root: HKA; Subkey: "Software\Classes\.levelcheck"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.levelcheck"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-levelcheck"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "LevelCheck assessment"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\levelcheck.ico,0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".levelcheck"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
