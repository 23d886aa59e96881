# SPDX-License-Identifier: GPL-3.0-or-later
# Windows: the app icon in tandem.exe (a resource script pointing at the rendered .ico); the
# programs go to bin/ with Qt's DLLs and plugins beside them (qt_generate_deploy_app_script in
# packaging/CMakeLists.txt). Untested here: see packaging/README.md.
set(ico "${CMAKE_CURRENT_BINARY_DIR}/windows/tandem.ico")
tandem_render_icon("${ico}" 256)
set(TANDEM_ICO_PATH "${ico}")
configure_file("${CMAKE_CURRENT_SOURCE_DIR}/windows/tandem.rc.in"
    "${CMAKE_CURRENT_BINARY_DIR}/windows/tandem.rc" @ONLY)
target_sources(tandem PRIVATE "${CMAKE_CURRENT_BINARY_DIR}/windows/tandem.rc")
set_source_files_properties("${CMAKE_CURRENT_BINARY_DIR}/windows/tandem.rc"
    PROPERTIES OBJECT_DEPENDS "${ico}")
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION .)
