# SPDX-License-Identifier: GPL-3.0-or-later
# Linux desktop integration, installed under CMAKE_INSTALL_PREFIX (/usr in the packages):
# the desktop file (it registers the tandem:// and tandems:// link schemes), AppStream
# metainfo, hicolor icons (SVG and PNGs), man pages and the hub's systemd units.
set(linux_dir "${CMAKE_CURRENT_SOURCE_DIR}/linux")
set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/linux")

configure_file("${linux_dir}/tandem.desktop.in" "${out_dir}/${TANDEM_APP_ID}.desktop" @ONLY)
configure_file("${linux_dir}/tandem.metainfo.xml.in" "${out_dir}/${TANDEM_APP_ID}.metainfo.xml"
    @ONLY)
install(FILES "${out_dir}/${TANDEM_APP_ID}.desktop"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
install(FILES "${out_dir}/${TANDEM_APP_ID}.metainfo.xml"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")

install(FILES "${TANDEM_ICON_SVG}" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
include("${linux_dir}/icon-sizes.cmake")
set(icon_pngs)
foreach(size IN LISTS TANDEM_ICON_SIZES)
    set(png "${out_dir}/icons/${size}x${size}/tandem.png")
    tandem_render_icon("${png}" ${size})
    list(APPEND icon_pngs "${png}")
    install(FILES "${png}" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps")
endforeach()

# Man pages: written by hand (linux/*.1.in), version and date filled in, gzipped.
find_program(GZIP_PROGRAM gzip REQUIRED)
set(man_pages)
foreach(page tandem tandem-hub)
    configure_file("${linux_dir}/${page}.1.in" "${out_dir}/man/${page}.1" @ONLY)
    add_custom_command(OUTPUT "${out_dir}/man/${page}.1.gz"
        COMMAND "${GZIP_PROGRAM}" -9nkf "${out_dir}/man/${page}.1"
        DEPENDS "${out_dir}/man/${page}.1" "${linux_dir}/${page}.1.in"
        VERBATIM)
    list(APPEND man_pages "${out_dir}/man/${page}.1.gz")
endforeach()
install(FILES ${man_pages} DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
add_custom_target(tandem_desktop_files ALL DEPENDS ${icon_pngs} ${man_pages})

# systemd: a system unit (own user, state in /var/lib/tandem-hub) and a per-user unit.
# Units go to lib/ under the prefix (/usr/lib/systemd), where systemd looks on every distro.
configure_file("${linux_dir}/tandem-hub.service.in" "${out_dir}/system/tandem-hub.service" @ONLY)
configure_file("${linux_dir}/tandem-hub-user.service.in" "${out_dir}/user/tandem-hub.service"
    @ONLY)
install(FILES "${out_dir}/system/tandem-hub.service" DESTINATION lib/systemd/system)
install(FILES "${out_dir}/user/tandem-hub.service" DESTINATION lib/systemd/user)
install(FILES "${linux_dir}/tandem-hub.sysusers" DESTINATION lib/sysusers.d
    RENAME tandem-hub.conf)
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/tandem")
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/tandem"
    RENAME copyright)
