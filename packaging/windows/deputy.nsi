; Deputy's Windows installer: for the person running it, without administrator rights.
;
;   makensis /DPAYLOAD=C:\...\dist\deputy /DVERSION=0.1.0 [/DOUTFILE=C:\...\setup.exe] deputy.nsi
;
; (on Linux and macOS, -D instead of /D). PAYLOAD is the onedir app PyInstaller built;
; give it and OUTFILE as absolute paths, since makensis works in this script's folder.
; packaging/build_windows_installer.sh passes all three. It installs into
; %LOCALAPPDATA%\Programs\Deputy, adds a Start-menu shortcut and registers an
; uninstaller under HKCU. The uninstaller leaves the user's data (settings, snapshots,
; the encrypted sign-in cache, the log: platformdirs' %LOCALAPPDATA%\Deputy) unless
; the user ticks "Your Deputy data" on its components page.

Unicode true
ManifestDPIAware true

!ifndef PAYLOAD
  !error "Name the onedir app to install: /DPAYLOAD=dist\deputy"
!endif
!ifndef VERSION
  !error "Name the version: /DVERSION=0.1.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "deputy-${VERSION}-setup.exe"
!endif

!define APP "Deputy"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
; platformdirs' user_data_dir and user_config_dir for "Deputy" (appauthor=False), and
; user_cache_dir inside it: everything Deputy writes for the user (see app/paths.py).
!define USER_DATA "$LOCALAPPDATA\${APP}"
; makensis works in this script's folder: paths here are relative to it (and written
; with "/", which Windows takes as well and makensis on Linux needs).
!define ICON "../../resources/icons/deputy.ico"

Name "${APP}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
SetCompressor /SOLID lzma
BrandingText "${APP} ${VERSION}"

; Version information in setup.exe and the uninstaller it writes (their Properties, and
; what software inventories read). VIProductVersion wants four numbers.
!searchparse /noerrors "${VERSION}" "" VERSION_MAJOR "." VERSION_MINOR "." VERSION_PATCH
VIProductVersion "${VERSION_MAJOR}.${VERSION_MINOR}.${VERSION_PATCH}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "CompanyName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} installer"
VIAddVersionKey /LANG=0 "LegalCopyright" "${APP}"

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\deputyw.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${APP}"
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!define MUI_COMPONENTSPAGE_TEXT_TOP "${APP} will be removed from this computer. Your settings, \
  permission snapshots and sign-in stay, for a later installation, unless you tick them here."
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

Section "${APP}" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the libraries entirely: a leftover DLL of an older Qt or
  ; Python would be found first and loaded.
  RMDir /r "$INSTDIR\_internal"
  File /r "${PAYLOAD}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\deputyw.exe" "" "$INSTDIR\deputyw.exe" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\deputyw.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "un.${APP}" UnSecApp
  SectionIn RO
  Delete "$SMPROGRAMS\${APP}.lnk"
  ; Only what the installer put there: the folder may have been one the user chose.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\deputy.exe"
  Delete "$INSTDIR\deputyw.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd

; Not ticked unless the user ticks it; a silent uninstall (/S) keeps the data too.
Section /o "un.Your ${APP} data: settings, snapshots, sign-in, log" UnSecData
  RMDir /r "${USER_DATA}"
SectionEnd
