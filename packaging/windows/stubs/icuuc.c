/* icuuc.dll for a Wine prefix, never shipped with Deputy.
 *
 * Windows 10 and later ship ICU as icuuc.dll; Wine 8.0 does not. Qt 6.11's Qt6Core.dll
 * imports 20 ucnv_* functions from it (QStringConverter's legacy code pages), so without
 * it no Qt program starts under Wine. Every function here fails or answers "nothing":
 * ucnv_open returns no converter, so Qt keeps to its own UTF-8/UTF-16 codecs, which are
 * all Deputy uses. build_under_wine.sh compiles it with mingw-w64 into the prefix's
 * system32.
 */
#include <stddef.h>
#include <stdint.h>

typedef int UErrorCode;            /* ICU: > 0 is an error */
#define U_FILE_ACCESS_ERROR 4
#define U_UNSUPPORTED_ERROR 16
#define EXPORT __declspec(dllexport)

static void fail(UErrorCode *error) {
    if (error && *error <= 0) *error = U_UNSUPPORTED_ERROR;
}

EXPORT void *ucnv_open(const char *name, UErrorCode *error) {
    (void)name;
    if (error && *error <= 0) *error = U_FILE_ACCESS_ERROR;  /* "no such converter" */
    return NULL;
}
EXPORT void ucnv_close(void *cnv) { (void)cnv; }
EXPORT void ucnv_reset(void *cnv) { (void)cnv; }
EXPORT int8_t ucnv_getMaxCharSize(const void *cnv) { (void)cnv; return 1; }
EXPORT const char *ucnv_getName(const void *cnv, UErrorCode *error) {
    (void)cnv; fail(error); return NULL;
}
EXPORT void ucnv_getToUCallBack(const void *cnv, void **action, const void **context) {
    (void)cnv; if (action) *action = NULL; if (context) *context = NULL;
}
EXPORT void ucnv_getFromUCallBack(const void *cnv, void **action, const void **context) {
    (void)cnv; if (action) *action = NULL; if (context) *context = NULL;
}
EXPORT void ucnv_setToUCallBack(void *cnv, void *action, const void *context,
                                void **old_action, const void **old_context, UErrorCode *error) {
    (void)cnv; (void)action; (void)context; (void)old_action; (void)old_context; fail(error);
}
EXPORT void ucnv_setFromUCallBack(void *cnv, void *action, const void *context,
                                  void **old_action, const void **old_context, UErrorCode *error) {
    (void)cnv; (void)action; (void)context; (void)old_action; (void)old_context; fail(error);
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const void *source, int32_t length,
                                  int32_t offset, UErrorCode *error) {
    (void)args; (void)source; (void)length; (void)offset; fail(error);
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const void **source, const void *limit,
                                    int32_t offset, UErrorCode *error) {
    (void)args; (void)source; (void)limit; (void)offset; fail(error);
}
EXPORT void ucnv_toUnicode(void *cnv, void **target, const void *target_limit,
                           const char **source, const char *source_limit, int32_t *offsets,
                           int8_t flush, UErrorCode *error) {
    (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit;
    (void)offsets; (void)flush; fail(error);
}
EXPORT void ucnv_fromUnicode(void *cnv, char **target, const char *target_limit,
                             const void **source, const void *source_limit, int32_t *offsets,
                             int8_t flush, UErrorCode *error) {
    (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit;
    (void)offsets; (void)flush; fail(error);
}
EXPORT int32_t ucnv_toUCountPending(const void *cnv, UErrorCode *error) {
    (void)cnv; fail(error); return 0;
}
EXPORT int32_t ucnv_fromUCountPending(const void *cnv, UErrorCode *error) {
    (void)cnv; fail(error); return 0;
}
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard,
                                        UErrorCode *error) {
    (void)name; (void)standard; fail(error); return NULL;
}
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
/* Callbacks Qt passes by address only; no converter ever calls them here. */
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const void *units,
                                            int32_t length, int32_t code_point, int reason,
                                            UErrorCode *error) {
    (void)context; (void)args; (void)units; (void)length; (void)code_point; (void)reason;
    (void)error;
}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const char *bytes,
                                          int32_t length, int reason, UErrorCode *error) {
    (void)context; (void)args; (void)bytes; (void)length; (void)reason; (void)error;
}
