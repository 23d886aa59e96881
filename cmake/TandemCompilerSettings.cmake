# SPDX-License-Identifier: GPL-3.0-or-later
# Strict, target-scoped compiler settings shared by every Tandem target.

# tandem_apply_settings(<target>)
#   Warnings, the optional -Werror, and the Qt definitions that keep string
#   conversions, keywords and connections explicit (as KDE's compiler settings do).
function(tandem_apply_settings target)
    if(MSVC)
        target_compile_options(${target} PRIVATE /W4 /permissive- /utf-8)
        if(TANDEM_WARNINGS_AS_ERRORS)
            target_compile_options(${target} PRIVATE /WX)
        endif()
    else()
        target_compile_options(${target} PRIVATE
            -Wall -Wextra -Wpedantic -Wold-style-cast -Wnon-virtual-dtor
            -Wcast-align -Woverloaded-virtual
            $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
            $<$<CXX_COMPILER_ID:Clang,AppleClang>:-Wshadow-uncaptured-local>)
        if(TANDEM_WARNINGS_AS_ERRORS)
            target_compile_options(${target} PRIVATE -Werror)
        endif()
    endif()
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_FROM_ASCII
        QT_NO_CAST_TO_ASCII
        QT_NO_CAST_FROM_BYTEARRAY
        QT_NO_URL_CAST_FROM_STRING
        QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
        QT_NO_KEYWORDS
        QT_NO_FOREACH
        QT_USE_QSTRINGBUILDER
        QT_NO_CONTEXTLESS_CONNECT
        QT_STRICT_ITERATORS
        QT_DISABLE_DEPRECATED_BEFORE=0x060400)
    target_include_directories(${target} PRIVATE "${PROJECT_BINARY_DIR}/generated")
endfunction()
