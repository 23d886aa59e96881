# SPDX-License-Identifier: GPL-3.0-or-later
# Windows installer (NSIS) and a portable .zip: Start-menu shortcut, uninstaller, the
# tandem:// and tandems:// link schemes registered for tandem.exe. Untested here.
set(CPACK_GENERATOR NSIS ZIP)
set(CPACK_PACKAGE_FILE_NAME "tandem-${PROJECT_VERSION}-windows-x64")
set(CPACK_NSIS_PACKAGE_NAME "Tandem ${PROJECT_VERSION}")
set(CPACK_NSIS_DISPLAY_NAME "Tandem")
set(CPACK_NSIS_MUI_ICON "${CMAKE_BINARY_DIR}/packaging/windows/tandem.ico")
set(CPACK_NSIS_MUI_UNIICON "${CMAKE_BINARY_DIR}/packaging/windows/tandem.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\tandem.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MUI_FINISHPAGE_RUN "bin\\tandem.exe")
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS [=[
  WriteRegStr HKCU "Software\Classes\tandem" "" "URL:Tandem invite link"
  WriteRegStr HKCU "Software\Classes\tandem" "URL Protocol" ""
  WriteRegStr HKCU "Software\Classes\tandem\shell\open\command" "" '"$INSTDIR\bin\tandem.exe" "%1"'
  WriteRegStr HKCU "Software\Classes\tandems" "" "URL:Tandem invite link (TLS)"
  WriteRegStr HKCU "Software\Classes\tandems" "URL Protocol" ""
  WriteRegStr HKCU "Software\Classes\tandems\shell\open\command" "" '"$INSTDIR\bin\tandem.exe" "%1"'
]=])
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS [=[
  DeleteRegKey HKCU "Software\Classes\tandem"
  DeleteRegKey HKCU "Software\Classes\tandems"
]=])
