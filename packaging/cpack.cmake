# SPDX-License-Identifier: GPL-3.0-or-later
# Installer settings shared by every platform, then the platform's own, then CPack. Included
# from the top-level CMakeLists.txt once every install rule is known.
set(CPACK_PACKAGE_NAME tandem)
set(CPACK_PACKAGE_VENDOR "The Tandem developers")
set(CPACK_PACKAGE_CONTACT "The Tandem developers <maintainers@tandem.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Collaborative note editor with a built-in sync hub")
set(CPACK_PACKAGE_DESCRIPTION
    "Tandem is a desktop note editor in which several people edit the same note live, see \
each other's cursors and status, and keep working offline. It can host the sync hub itself \
for a team on a local network; tandem-hub runs the hub headless as a service.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Tandem")
set(CPACK_PACKAGE_EXECUTABLES tandem Tandem)
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)
set(CPACK_VERBATIM_VARIABLES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build/" "/\\.git/")

if(UNIX AND NOT APPLE)
    include("${CMAKE_CURRENT_LIST_DIR}/linux/cpack.cmake")
elseif(WIN32)
    include("${CMAKE_CURRENT_LIST_DIR}/windows/cpack.cmake")
elseif(APPLE)
    include("${CMAKE_CURRENT_LIST_DIR}/macos/cpack.cmake")
endif()

include(CPack)
