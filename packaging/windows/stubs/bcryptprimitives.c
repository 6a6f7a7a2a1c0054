/* bcryptprimitives.dll for a Wine prefix, never shipped with Deputy.
 *
 * Rust's standard library (1.78 and later) takes its random numbers from ProcessPrng in
 * bcryptprimitives.dll, which Windows 10 has and Wine 8.0 lacks: cryptography's _rust.pyd
 * and rpds-py (jsonschema) fail to load without it. This one answers from BCryptGenRandom,
 * which Wine has. ProcessPrng takes a SIZE_T length, BCryptGenRandom a ULONG: in chunks.
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk,
                                            BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
