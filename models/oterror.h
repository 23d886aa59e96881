// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <utility>
#include <variant>

/**
 * Why a text operation could not be parsed, applied, composed or transformed.
 * Every failure of the OT engine is reported through this type; nothing throws and
 * nothing is applied halfway. The code is stable (it goes on the wire as a string,
 * see codeName()); the message is for people and logs.
 */
class OtError
{
public:
    enum class Code {
        MalformedJson,   ///< the text is not JSON at all
        NotAnArray,      ///< the JSON value is not an array of components
        BadComponent,    ///< a component is neither an integer nor a string (bool, null, object…)
        ZeroCount,       ///< a retain/delete count of 0 (ot.js rejects it too)
        NonInteger,      ///< a count with a fractional part, or NaN/Infinity
        CountOutOfRange, ///< a count beyond OtLimits::maxCount (also huge numbers such as 1e300)
        TooManyComponents,     ///< more components than OtLimits::maxComponents
        TooLarge,              ///< more inserted UTF-16 units than OtLimits::maxInsertedUnits
        LoneSurrogate,         ///< an inserted string holds half a surrogate pair
        SplitsSurrogatePair,   ///< a component boundary would fall inside a surrogate pair
        BaseLengthMismatch,    ///< apply/invert: the document's length is not the op's base length
        ComposeLengthMismatch, ///< compose: the first op's target length != the second's base
                               ///< length
        TransformLengthMismatch, ///< transform: the two ops do not share a base length
    };

    OtError(Code code, QString message)
        : m_code(code)
        , m_message(std::move(message))
    { }

    Code code() const { return m_code; }
    QString message() const { return m_message; }
    /** The stable, wire-safe name of the code, e.g. "base_length_mismatch". */
    QString codeName() const;

private:
    Code m_code;
    QString m_message;
};

/**
 * A value or the OtError that prevented it. Small on purpose: the OT engine's
 * functions return it so callers must look at failure before using a result.
 */
template<typename T> class [[nodiscard]] OtResult
{
public:
    OtResult(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    { }
    OtResult(OtError error)
        : m_data(std::in_place_index<1>, std::move(error))
    { }

    bool hasValue() const { return m_data.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    /** Only valid when hasValue(). */
    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    /** Only valid when !hasValue(). */
    const OtError &error() const { return std::get<1>(m_data); }
    /** The error's message, or an empty string on success (safe to call either way). */
    QString errorMessage() const { return hasValue() ? QString() : error().message(); }

private:
    std::variant<T, OtError> m_data;
};

/** Success or an OtError, for operations that produce nothing else. */
class [[nodiscard]] OtStatus
{
public:
    OtStatus() = default;
    OtStatus(OtError error)
        : m_error(std::move(error))
        , m_failed(true)
    { }

    bool hasValue() const { return !m_failed; }
    explicit operator bool() const { return !m_failed; }
    /** Only valid when !hasValue(). */
    const OtError &error() const { return m_error; }
    /** The error's message, or an empty string on success (safe to call either way). */
    QString errorMessage() const { return m_failed ? m_error.message() : QString(); }

private:
    OtError m_error{OtError::Code::MalformedJson, {}};
    bool m_failed = false;
};
