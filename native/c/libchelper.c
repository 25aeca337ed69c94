/*
 * Stand-in for svm's libchelper (not on Maven Central): CPU features, thread ids, the time zone and
 * locale the image starts with, sun.misc.Signal's semaphore, non-variadic libc wrappers.
 * Written against headers generated from svm's @CStruct declarations (svm-headers.py).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <limits.h>
#include "amd64cpufeatures.h"
#include "svm_locale.h"

extern char **environ;
char **getEnviron(void) { return environ; }

void determineCPUFeatures(CPUFeatures *f) {
    memset(f, 0, sizeof(*f));
    __builtin_cpu_init();
    f->fCX8 = 1; f->fCMOV = !!__builtin_cpu_supports("cmov"); f->fFXSR = 1; f->fMMX = !!__builtin_cpu_supports("mmx");
    f->fSSE = !!__builtin_cpu_supports("sse"); f->fSSE2 = !!__builtin_cpu_supports("sse2"); f->fSSE3 = !!__builtin_cpu_supports("sse3");
    f->fSSSE3 = !!__builtin_cpu_supports("ssse3"); f->fSSE4_1 = !!__builtin_cpu_supports("sse4.1"); f->fSSE4_2 = !!__builtin_cpu_supports("sse4.2");
    f->fSSE4A = !!__builtin_cpu_supports("sse4a"); f->fPOPCNT = !!__builtin_cpu_supports("popcnt"); f->fLZCNT = !!__builtin_cpu_supports("abm");
    f->fAVX = !!__builtin_cpu_supports("avx"); f->fAVX2 = !!__builtin_cpu_supports("avx2"); f->fAES = !!__builtin_cpu_supports("aes");
    f->fCLMUL = !!__builtin_cpu_supports("pclmul"); f->fBMI1 = !!__builtin_cpu_supports("bmi"); f->fBMI2 = !!__builtin_cpu_supports("bmi2");
    f->fFMA = !!__builtin_cpu_supports("fma"); f->fF16C = !!__builtin_cpu_supports("f16c"); f->fAVX512F = !!__builtin_cpu_supports("avx512f");
    f->fAVX512DQ = !!__builtin_cpu_supports("avx512dq"); f->fAVX512CD = !!__builtin_cpu_supports("avx512cd"); f->fAVX512BW = !!__builtin_cpu_supports("avx512bw");
    f->fAVX512VL = !!__builtin_cpu_supports("avx512vl"); f->fTSC = 1;
}
int checkCPUFeatures(char *mask) { (void)mask; return 0; }
int checkCPUFeaturesOrExit(char *mask, const char *msg) { (void)mask; (void)msg; return 0; }

int getThreadId(void) { return (int)syscall(SYS_gettid); }
long getThreadUserTimeSlow(int tid) { (void)tid; return -1; }
void *mremapP(void *old, size_t oldSize, size_t newSize, int flags, void *newAddr) { return mremap(old, oldSize, newSize, flags, newAddr); }
void codeSynchronization_clearCache(long start, long size) { (void)start; (void)size; }

/* Time zone id: TZ env, else /etc/timezone, else /etc/localtime symlink target. */
char *SVM_FindJavaTZmd(const char *tzMappings, int length) {
    (void)tzMappings; (void)length;
    const char *tz = getenv("TZ");
    if (tz && *tz) { if (*tz == ':') tz++; return strdup(tz); }
    FILE *fp = fopen("/etc/timezone", "r");
    if (fp) { char buf[256]; if (fgets(buf, sizeof buf, fp)) { fclose(fp); buf[strcspn(buf, "\r\n")] = 0; if (*buf) return strdup(buf); } else fclose(fp); }
    char link[PATH_MAX]; ssize_t n = readlink("/etc/localtime", link, sizeof link - 1);
    if (n > 0) { link[n] = 0; char *z = strstr(link, "zoneinfo/"); if (z) return strdup(z + 9); }
    return strdup("UTC");
}

/* Locale from LC_ALL, else LC_MESSAGES/LC_CTYPE, else LANG ("ll_CC.codeset@variant"), as the JDK
 * reads it; "C"/"POSIX"/unset is en (the JDK's choice too). */
static svm_locale_props_t svm_locale;
static char svm_lang[16], svm_country[16], svm_variant[32];
static void svm_parse_locale(const char *v) {
    strcpy(svm_lang, "en"); svm_country[0] = 0; svm_variant[0] = 0;
    if (!v || !*v || !strcmp(v, "C") || !strcmp(v, "POSIX") || !strncmp(v, "C.", 2)) return;
    char buf[64]; snprintf(buf, sizeof buf, "%s", v);
    char *at = strchr(buf, '@'); if (at) { *at++ = 0; snprintf(svm_variant, sizeof svm_variant, "%s", at); }
    char *dot = strchr(buf, '.'); if (dot) *dot = 0;
    char *us = strchr(buf, '_'); if (us) { *us++ = 0; snprintf(svm_country, sizeof svm_country, "%s", us); }
    if (*buf) snprintf(svm_lang, sizeof svm_lang, "%s", buf);
}
int svm_initialize_locale(void) {
    const char *v = getenv("LC_ALL");
    if (!v || !*v) v = getenv("LC_MESSAGES");
    if (!v || !*v) v = getenv("LANG");
    svm_parse_locale(v);
    svm_locale.display_language = svm_locale.format_language = svm_lang;
    svm_locale.display_script = svm_locale.format_script = "";
    svm_locale.display_country = svm_locale.format_country = svm_country;
    svm_locale.display_variant = svm_locale.format_variant = svm_variant;
    return SVM_LOCALE_INITIALIZATION_SUCCEEDED;
}
svm_locale_props_t *svm_get_locale(void) { return &svm_locale; }

/* sun.misc.Signal support: counting semaphore + per-signal pending counters. */
#include <semaphore.h>
#include <errno.h>
#include <signal.h>
#define SVM_NSIG 65
static sem_t svm_sig_sem;
static int svm_sig_open;
static volatile int svm_sig_pending[SVM_NSIG];
int cSunMiscSignal_open(void) { if (svm_sig_open) return -1; if (sem_init(&svm_sig_sem, 0, 0) != 0) return -1; svm_sig_open = 1; return 0; }
int cSunMiscSignal_close(void) { if (!svm_sig_open) return -1; svm_sig_open = 0; return sem_destroy(&svm_sig_sem); }
int cSunMiscSignal_awaitSemaphore(void) { int r; while ((r = sem_wait(&svm_sig_sem)) == -1 && errno == EINTR) {} return r; }
int cSunMiscSignal_signalSemaphore(void) { return sem_post(&svm_sig_sem); }
int cSunMiscSignal_signalRangeCheck(int sig) { return sig > 0 && sig < SVM_NSIG; }
int cSunMiscSignal_checkPendingSignal(void) {
    for (int i = 1; i < SVM_NSIG; i++) { int v = svm_sig_pending[i]; if (v > 0 && __sync_bool_compare_and_swap(&svm_sig_pending[i], v, v - 1)) return i; }
    return -1;
}
static void svm_sig_handler(int sig, siginfo_t *info, void *ctx) { (void)info; (void)ctx; if (sig > 0 && sig < SVM_NSIG) { __sync_fetch_and_add(&svm_sig_pending[sig], 1); sem_post(&svm_sig_sem); } }
void *cSunMiscSignal_signalHandlerFunctionPointer(void) { return (void *)svm_sig_handler; }

/* attach API (jcmd): not supported by this image */
void svm_attach_startup(const char *p) { (void)p; }
void svm_attach_listener_cleanup(int s, const char *p) { (void)s; (void)p; }
int svm_attach_check_socket_file(const char *p) { (void)p; return 0; }
int svm_attach_is_init_trigger(const char *p) { (void)p; return 0; }
int svm_attach_create_listener(const char *p) { (void)p; return -1; }
int svm_attach_wait_for_request(int s) { (void)s; return -1; }
void svm_attach_shutdown_socket(int s) { (void)s; }

/* non-variadic wrappers svm calls (Fcntl.openSII, PosixVMThreads.fprintfSD) */
#include <fcntl.h>
int openSII(const char *path, int flags, int mode) { return open(path, flags, mode); }
int fprintfSD(FILE *stream, const char *format, const char *arg0, int arg1) { return fprintf(stream, format, arg0, arg1); }
