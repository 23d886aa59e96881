# SPDX-License-Identifier: GPL-3.0-or-later
# The hicolor PNG sizes: rendered and installed by install.cmake, declared as system-owned
# folders for the .rpm by cpack.cmake.
set(TANDEM_ICON_SIZES 16 22 24 32 48 64 128 256 512)
