# SPDX-License-Identifier: GPL-3.0-or-later
# macOS: Tandem.app in a DMG (drag to Applications). Untested here.
set(CPACK_GENERATOR DragNDrop)
set(CPACK_PACKAGE_FILE_NAME "tandem-${PROJECT_VERSION}-macos")
set(CPACK_DMG_VOLUME_NAME "Tandem ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT UDZO)
