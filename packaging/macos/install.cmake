# SPDX-License-Identifier: GPL-3.0-or-later
# macOS: Tandem.app with its Info.plist (bundle id, version, the tandem:// and tandems://
# schemes) and an .icns made by iconutil from the rendered PNGs; tandem-hub goes inside the
# bundle (Contents/MacOS). Qt is deployed into the bundle by qt_generate_deploy_app_script.
# Untested here: see packaging/README.md.
set(iconset "${CMAKE_CURRENT_BINARY_DIR}/macos/tandem.iconset")
set(icns "${CMAKE_CURRENT_BINARY_DIR}/macos/tandem.icns")
set(iconset_pngs)
foreach(size 16 32 128 256 512)
    math(EXPR double "${size} * 2")
    tandem_render_icon("${iconset}/icon_${size}x${size}.png" ${size})
    tandem_render_icon("${iconset}/icon_${size}x${size}@2x.png" ${double})
    list(APPEND iconset_pngs "${iconset}/icon_${size}x${size}.png"
        "${iconset}/icon_${size}x${size}@2x.png")
endforeach()
find_program(ICONUTIL iconutil REQUIRED)
add_custom_command(OUTPUT "${icns}"
    COMMAND "${ICONUTIL}" -c icns -o "${icns}" "${iconset}"
    DEPENDS ${iconset_pngs}
    VERBATIM)
target_sources(tandem PRIVATE "${icns}")
set_source_files_properties("${icns}" PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
set_target_properties(tandem PROPERTIES
    OUTPUT_NAME Tandem
    MACOSX_BUNDLE_INFO_PLIST "${CMAKE_CURRENT_SOURCE_DIR}/macos/Info.plist.in"
    MACOSX_BUNDLE_GUI_IDENTIFIER "${TANDEM_APP_ID}"
    MACOSX_BUNDLE_BUNDLE_NAME Tandem
    MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}"
    MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}"
    MACOSX_BUNDLE_ICON_FILE tandem.icns)
set_target_properties(tandem-hub PROPERTIES INSTALL_RPATH "@executable_path/../Frameworks")
install(TARGETS tandem-hub RUNTIME DESTINATION Tandem.app/Contents/MacOS)
