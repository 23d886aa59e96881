# SPDX-License-Identifier: GPL-3.0-or-later
# Linux packages: .deb, .rpm (when rpmbuild is there) and .tar.gz. Runtime dependencies come
# from dpkg-shlibdeps and rpm's own scanning; Qt plugins the scanners cannot see (the SQLite
# driver, the SVG icon loader, the X11/Wayland platform plugins) are named by hand.
set(CPACK_GENERATOR DEB TGZ)
find_program(RPMBUILD_PROGRAM rpmbuild)
if(RPMBUILD_PROGRAM)
    list(APPEND CPACK_GENERATOR RPM)
endif()
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(scripts "${CMAKE_CURRENT_LIST_DIR}/scripts")
cmake_host_system_information(RESULT arch QUERY OS_PLATFORM)
# The .tar.gz's name; the .deb and .rpm are named by their own conventions (DEB-/RPM-DEFAULT).
set(CPACK_PACKAGE_FILE_NAME "tandem-${PROJECT_VERSION}-linux-${arch}")

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION editors)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6svg6, qt6-qpa-plugins")
# Logins go to the desktop's keychain (Qt Keychain: the Secret Service or KWallet).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | keepassxc | libkf5wallet-bin, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${scripts}/postinst;${scripts}/prerm;${scripts}/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_RELEASE 1)
set(CPACK_RPM_PACKAGE_LICENSE GPL-3.0-or-later)
set(CPACK_RPM_PACKAGE_GROUP Applications/Editors)
set(CPACK_RPM_PACKAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_RPM_PACKAGE_AUTOPROV ON)
# Fedora's names for the plugins' packages.
set(CPACK_RPM_PACKAGE_REQUIRES "qt6-qtbase-gui, qt6-qtsvg")
set(CPACK_RPM_POST_INSTALL_SCRIPT_FILE "${scripts}/postinst")
set(CPACK_RPM_PRE_UNINSTALL_SCRIPT_FILE "${scripts}/prerm")
set(CPACK_RPM_POST_UNINSTALL_SCRIPT_FILE "${scripts}/postrm")
# Folders the system owns are not claimed by the package.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/applications /usr/share/metainfo /usr/share/man /usr/share/man/man1
    /usr/share/icons /usr/share/icons/hicolor /usr/share/icons/hicolor/scalable
    /usr/share/icons/hicolor/scalable/apps /usr/lib/systemd /usr/lib/systemd/system
    /usr/lib/systemd/user /usr/lib/sysusers.d /usr/share/doc)
include("${CMAKE_CURRENT_LIST_DIR}/icon-sizes.cmake")
foreach(size IN LISTS TANDEM_ICON_SIZES)
    list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
        /usr/share/icons/hicolor/${size}x${size} /usr/share/icons/hicolor/${size}x${size}/apps)
endforeach()
