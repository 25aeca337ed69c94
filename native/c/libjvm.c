/* Stand-in for svm's libjvm.a (not on Maven Central): the JVM_* entry points the JDK static libraries reference.
 * The few a native image calls are implemented; the rest abort with their name: a native image
 * implements those paths in Java, so reaching one is a bug to see at once, not to run past. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <dlfcn.h>
#include <time.h>
#include <sys/time.h>
#include <sched.h>
#define W __attribute__((weak))
W void initialize(void) {}
W int JVM_ActiveProcessorCount(void) { cpu_set_t s; if (sched_getaffinity(0, sizeof s, &s) == 0) return CPU_COUNT(&s); return (int)sysconf(_SC_NPROCESSORS_ONLN); }
W long JVM_CurrentTimeMillis(void *a, void *b) { struct timeval t; gettimeofday(&t, NULL); return (long)t.tv_sec * 1000 + t.tv_usec / 1000; }
W long JVM_NanoTime(void *a, void *b) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return (long)t.tv_sec * 1000000000L + t.tv_nsec; }
W long JVM_GetNanoTimeAdjustment(void *e, void *c, long off) { struct timespec t; clock_gettime(CLOCK_REALTIME, &t); long d = (long)t.tv_sec - off; if (d > 4294967295L || d < -4294967295L) return -1; return d * 1000000000L + t.tv_nsec; }
W void *JVM_RegisterSignal(int sig, void *handler) { struct sigaction n, o; memset(&n, 0, sizeof n); n.sa_handler = (void (*)(int))handler; sigemptyset(&n.sa_mask); n.sa_flags = SA_RESTART; if (sigaction(sig, &n, &o) != 0) return (void *)-1; return (void *)o.sa_handler; }
W int JVM_RaiseSignal(int sig) { return raise(sig) == 0; }
W int JVM_FindSignal(const char *name) { static const struct { const char *n; int s; } t[] = {{"HUP",SIGHUP},{"INT",SIGINT},{"QUIT",SIGQUIT},{"TERM",SIGTERM},{"USR1",SIGUSR1},{"USR2",SIGUSR2},{"CHLD",SIGCHLD},{"PIPE",SIGPIPE},{"ALRM",SIGALRM},{"KILL",SIGKILL},{"WINCH",SIGWINCH},{"CONT",SIGCONT},{"TRAP",SIGTRAP},{"ABRT",SIGABRT}}; for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) if (strcmp(name, t[i].n) == 0) return t[i].s; return -1; }
W void JVM_Halt(int code) { _exit(code); }
W void JVM_BeforeHalt(void) {}
W void JVM_GC(void) {}
W int JVM_IsContainerized(void) { return 0; }
W int JVM_IsUseContainerSupport(void) { return 0; }
W int JVM_IsSupportedJNIVersion(int v) { return v >= 0x00010001 && v <= 0x00180000; }
W void *JVM_LoadLibrary(const char *name, int throwEx) { return dlopen(name, RTLD_LAZY); }
W void JVM_UnloadLibrary(void *h) { dlclose(h); }
W void *JVM_FindLibraryEntry(void *h, const char *name) { return dlsym(h ? h : RTLD_DEFAULT, name); }
W char *JVM_NativePath(char *p) { return p; }
W int jio_vsnprintf(char *s, size_t n, const char *f, va_list a) { if ((long)n <= 0) return -1; int r = vsnprintf(s, n, f, a); if (r < 0 || (size_t)r >= n) { s[n-1] = 0; return -1; } return r; }
W int jio_snprintf(char *s, size_t n, const char *f, ...) { va_list a; va_start(a, f); int r = jio_vsnprintf(s, n, f, a); va_end(a); return r; }
W int jio_vfprintf(FILE *fp, const char *f, va_list a) { return vfprintf(fp, f, a); }
W int jio_fprintf(FILE *fp, const char *f, ...) { va_list a; va_start(a, f); int r = vfprintf(fp, f, a); va_end(a); return r; }
static void unsupported(const char *n) { fprintf(stderr, "native image (ecs-deployer libjvm stand-in): %s is not supported in this native image\n", n); abort(); }
W long JVM_AddModuleExports(void) { unsupported("JVM_AddModuleExports"); return 0; }
W long JVM_AddModuleExportsToAll(void) { unsupported("JVM_AddModuleExportsToAll"); return 0; }
W long JVM_AddModuleExportsToAllUnnamed(void) { unsupported("JVM_AddModuleExportsToAllUnnamed"); return 0; }
W long JVM_AddReadsModule(void) { unsupported("JVM_AddReadsModule"); return 0; }
W long JVM_AreNestMates(void) { unsupported("JVM_AreNestMates"); return 0; }
W long JVM_ArrayCopy(void) { unsupported("JVM_ArrayCopy"); return 0; }
W long JVM_AssertionStatusDirectives(void) { unsupported("JVM_AssertionStatusDirectives"); return 0; }
W long JVM_CallStackWalk(void) { unsupported("JVM_CallStackWalk"); return 0; }
W long JVM_ConstantPoolGetClassAt(void) { unsupported("JVM_ConstantPoolGetClassAt"); return 0; }
W long JVM_ConstantPoolGetClassAtIfLoaded(void) { unsupported("JVM_ConstantPoolGetClassAtIfLoaded"); return 0; }
W long JVM_ConstantPoolGetClassRefIndexAt(void) { unsupported("JVM_ConstantPoolGetClassRefIndexAt"); return 0; }
W long JVM_ConstantPoolGetDoubleAt(void) { unsupported("JVM_ConstantPoolGetDoubleAt"); return 0; }
W long JVM_ConstantPoolGetFieldAt(void) { unsupported("JVM_ConstantPoolGetFieldAt"); return 0; }
W long JVM_ConstantPoolGetFieldAtIfLoaded(void) { unsupported("JVM_ConstantPoolGetFieldAtIfLoaded"); return 0; }
W long JVM_ConstantPoolGetFloatAt(void) { unsupported("JVM_ConstantPoolGetFloatAt"); return 0; }
W long JVM_ConstantPoolGetIntAt(void) { unsupported("JVM_ConstantPoolGetIntAt"); return 0; }
W long JVM_ConstantPoolGetLongAt(void) { unsupported("JVM_ConstantPoolGetLongAt"); return 0; }
W long JVM_ConstantPoolGetMemberRefInfoAt(void) { unsupported("JVM_ConstantPoolGetMemberRefInfoAt"); return 0; }
W long JVM_ConstantPoolGetMethodAt(void) { unsupported("JVM_ConstantPoolGetMethodAt"); return 0; }
W long JVM_ConstantPoolGetMethodAtIfLoaded(void) { unsupported("JVM_ConstantPoolGetMethodAtIfLoaded"); return 0; }
W long JVM_ConstantPoolGetNameAndTypeRefIndexAt(void) { unsupported("JVM_ConstantPoolGetNameAndTypeRefIndexAt"); return 0; }
W long JVM_ConstantPoolGetNameAndTypeRefInfoAt(void) { unsupported("JVM_ConstantPoolGetNameAndTypeRefInfoAt"); return 0; }
W long JVM_ConstantPoolGetSize(void) { unsupported("JVM_ConstantPoolGetSize"); return 0; }
W long JVM_ConstantPoolGetStringAt(void) { unsupported("JVM_ConstantPoolGetStringAt"); return 0; }
W long JVM_ConstantPoolGetTagAt(void) { unsupported("JVM_ConstantPoolGetTagAt"); return 0; }
W long JVM_ConstantPoolGetUTF8At(void) { unsupported("JVM_ConstantPoolGetUTF8At"); return 0; }
W long JVM_CreateThreadSnapshot(void) { unsupported("JVM_CreateThreadSnapshot"); return 0; }
W long JVM_CurrentCarrierThread(void) { unsupported("JVM_CurrentCarrierThread"); return 0; }
W long JVM_CurrentThread(void) { unsupported("JVM_CurrentThread"); return 0; }
W long JVM_DefineArchivedModules(void) { unsupported("JVM_DefineArchivedModules"); return 0; }
W long JVM_DefineClassWithSource(void) { unsupported("JVM_DefineClassWithSource"); return 0; }
W long JVM_DefineModule(void) { unsupported("JVM_DefineModule"); return 0; }
W long JVM_DesiredAssertionStatus(void) { unsupported("JVM_DesiredAssertionStatus"); return 0; }
W long JVM_DumpClassListToFile(void) { unsupported("JVM_DumpClassListToFile"); return 0; }
W long JVM_DumpDynamicArchive(void) { unsupported("JVM_DumpDynamicArchive"); return 0; }
W long JVM_DumpThreads(void) { unsupported("JVM_DumpThreads"); return 0; }
W long JVM_EnsureMaterializedForStackWalk_func(void) { unsupported("JVM_EnsureMaterializedForStackWalk_func"); return 0; }
W long JVM_ExpandStackFrameInfo(void) { unsupported("JVM_ExpandStackFrameInfo"); return 0; }
W long JVM_FillInStackTrace(void) { unsupported("JVM_FillInStackTrace"); return 0; }
W long JVM_FindClassFromBootLoader(void) { unsupported("JVM_FindClassFromBootLoader"); return 0; }
W long JVM_FindClassFromLoader(void) { unsupported("JVM_FindClassFromLoader"); return 0; }
W long JVM_FindLoadedClass(void) { unsupported("JVM_FindLoadedClass"); return 0; }
W long JVM_FindPrimitiveClass(void) { unsupported("JVM_FindPrimitiveClass"); return 0; }
W long JVM_FindScopedValueBindings(void) { unsupported("JVM_FindScopedValueBindings"); return 0; }
W long JVM_FreeMemory(void) { unsupported("JVM_FreeMemory"); return 0; }
W long JVM_GetAllThreads(void) { unsupported("JVM_GetAllThreads"); return 0; }
W long JVM_GetAndClearReferencePendingList(void) { unsupported("JVM_GetAndClearReferencePendingList"); return 0; }
W long JVM_GetArrayElement(void) { unsupported("JVM_GetArrayElement"); return 0; }
W long JVM_GetArrayLength(void) { unsupported("JVM_GetArrayLength"); return 0; }
W long JVM_GetCDSConfigStatus(void) { unsupported("JVM_GetCDSConfigStatus"); return 0; }
W long JVM_GetCallerClass(void) { unsupported("JVM_GetCallerClass"); return 0; }
W long JVM_GetClassAnnotations(void) { unsupported("JVM_GetClassAnnotations"); return 0; }
W long JVM_GetClassConstantPool(void) { unsupported("JVM_GetClassConstantPool"); return 0; }
W long JVM_GetClassDeclaredConstructors(void) { unsupported("JVM_GetClassDeclaredConstructors"); return 0; }
W long JVM_GetClassDeclaredFields(void) { unsupported("JVM_GetClassDeclaredFields"); return 0; }
W long JVM_GetClassDeclaredMethods(void) { unsupported("JVM_GetClassDeclaredMethods"); return 0; }
W long JVM_GetClassFileVersion(void) { unsupported("JVM_GetClassFileVersion"); return 0; }
W long JVM_GetClassInterfaces(void) { unsupported("JVM_GetClassInterfaces"); return 0; }
W long JVM_GetClassSignature(void) { unsupported("JVM_GetClassSignature"); return 0; }
W long JVM_GetClassTypeAnnotations(void) { unsupported("JVM_GetClassTypeAnnotations"); return 0; }
W long JVM_GetDeclaredClasses(void) { unsupported("JVM_GetDeclaredClasses"); return 0; }
W long JVM_GetDeclaringClass(void) { unsupported("JVM_GetDeclaringClass"); return 0; }
W long JVM_GetEnclosingMethodInfo(void) { unsupported("JVM_GetEnclosingMethodInfo"); return 0; }
W long JVM_GetExtendedNPEMessage(void) { unsupported("JVM_GetExtendedNPEMessage"); return 0; }
W long JVM_GetFieldTypeAnnotations(void) { unsupported("JVM_GetFieldTypeAnnotations"); return 0; }
W long JVM_GetMethodParameters(void) { unsupported("JVM_GetMethodParameters"); return 0; }
W long JVM_GetMethodTypeAnnotations(void) { unsupported("JVM_GetMethodTypeAnnotations"); return 0; }
W long JVM_GetNestHost(void) { unsupported("JVM_GetNestHost"); return 0; }
W long JVM_GetNestMembers(void) { unsupported("JVM_GetNestMembers"); return 0; }
W long JVM_GetNextThreadIdOffset(void) { unsupported("JVM_GetNextThreadIdOffset"); return 0; }
W long JVM_GetPermittedSubclasses(void) { unsupported("JVM_GetPermittedSubclasses"); return 0; }
W long JVM_GetPrimitiveArrayElement(void) { unsupported("JVM_GetPrimitiveArrayElement"); return 0; }
W long JVM_GetProperties(void) { unsupported("JVM_GetProperties"); return 0; }
W long JVM_GetRandomSeedForDumping(void) { unsupported("JVM_GetRandomSeedForDumping"); return 0; }
W long JVM_GetRecordComponents(void) { unsupported("JVM_GetRecordComponents"); return 0; }
W long JVM_GetSimpleBinaryName(void) { unsupported("JVM_GetSimpleBinaryName"); return 0; }
W long JVM_GetStackTrace(void) { unsupported("JVM_GetStackTrace"); return 0; }
W long JVM_GetSystemPackage(void) { unsupported("JVM_GetSystemPackage"); return 0; }
W long JVM_GetSystemPackages(void) { unsupported("JVM_GetSystemPackages"); return 0; }
W long JVM_GetTemporaryDirectory(void) { unsupported("JVM_GetTemporaryDirectory"); return 0; }
W long JVM_GetVmArguments(void) { unsupported("JVM_GetVmArguments"); return 0; }
W long JVM_HasReferencePendingList(void) { unsupported("JVM_HasReferencePendingList"); return 0; }
W long JVM_HoldsLock(void) { unsupported("JVM_HoldsLock"); return 0; }
W long JVM_IHashCode(void) { unsupported("JVM_IHashCode"); return 0; }
W long JVM_InitAgentProperties(void) { unsupported("JVM_InitAgentProperties"); return 0; }
W long JVM_InitClassName(void) { unsupported("JVM_InitClassName"); return 0; }
W long JVM_InitStackTraceElement(void) { unsupported("JVM_InitStackTraceElement"); return 0; }
W long JVM_InitStackTraceElementArray(void) { unsupported("JVM_InitStackTraceElementArray"); return 0; }
W long JVM_InitializeFromArchive(void) { unsupported("JVM_InitializeFromArchive"); return 0; }
W long JVM_InternString(void) { unsupported("JVM_InternString"); return 0; }
W long JVM_Interrupt(void) { unsupported("JVM_Interrupt"); return 0; }
W long JVM_InvokeMethod(void) { unsupported("JVM_InvokeMethod"); return 0; }
W long JVM_IsContinuationsSupported(void) { unsupported("JVM_IsContinuationsSupported"); return 0; }
W long JVM_IsFinalizationEnabled(void) { unsupported("JVM_IsFinalizationEnabled"); return 0; }
W long JVM_IsForeignLinkerSupported(void) { unsupported("JVM_IsForeignLinkerSupported"); return 0; }
W long JVM_IsHiddenClass(void) { unsupported("JVM_IsHiddenClass"); return 0; }
W long JVM_IsPreviewEnabled(void) { unsupported("JVM_IsPreviewEnabled"); return 0; }
W long JVM_IsRecord(void) { unsupported("JVM_IsRecord"); return 0; }
W long JVM_LatestUserDefinedLoader(void) { unsupported("JVM_LatestUserDefinedLoader"); return 0; }
W long JVM_LogLambdaFormInvoker(void) { unsupported("JVM_LogLambdaFormInvoker"); return 0; }
W long JVM_LookupDefineClass(void) { unsupported("JVM_LookupDefineClass"); return 0; }
W long JVM_LookupLambdaProxyClassFromArchive(void) { unsupported("JVM_LookupLambdaProxyClassFromArchive"); return 0; }
W long JVM_MaxMemory(void) { unsupported("JVM_MaxMemory"); return 0; }
W long JVM_MoreStackWalk(void) { unsupported("JVM_MoreStackWalk"); return 0; }
W long JVM_NeedsClassInitBarrierForCDS(void) { unsupported("JVM_NeedsClassInitBarrierForCDS"); return 0; }
W long JVM_NewArray(void) { unsupported("JVM_NewArray"); return 0; }
W long JVM_NewInstanceFromConstructor(void) { unsupported("JVM_NewInstanceFromConstructor"); return 0; }
W long JVM_NewMultiArray(void) { unsupported("JVM_NewMultiArray"); return 0; }
W long JVM_PhantomReferenceRefersTo(void) { unsupported("JVM_PhantomReferenceRefersTo"); return 0; }
W long JVM_RawMonitorCreate(void) { unsupported("JVM_RawMonitorCreate"); return 0; }
W long JVM_RawMonitorDestroy(void) { unsupported("JVM_RawMonitorDestroy"); return 0; }
W long JVM_RawMonitorEnter(void) { unsupported("JVM_RawMonitorEnter"); return 0; }
W long JVM_RawMonitorExit(void) { unsupported("JVM_RawMonitorExit"); return 0; }
W long JVM_ReferenceClear(void) { unsupported("JVM_ReferenceClear"); return 0; }
W long JVM_ReferenceGet(void) { unsupported("JVM_ReferenceGet"); return 0; }
W long JVM_ReferenceRefersTo(void) { unsupported("JVM_ReferenceRefersTo"); return 0; }
W long JVM_RegisterContinuationMethods(void) { unsupported("JVM_RegisterContinuationMethods"); return 0; }
W long JVM_RegisterLambdaProxyClassForArchiving(void) { unsupported("JVM_RegisterLambdaProxyClassForArchiving"); return 0; }
W long JVM_ReportFinalizationComplete(void) { unsupported("JVM_ReportFinalizationComplete"); return 0; }
W long JVM_ScopedValueCache(void) { unsupported("JVM_ScopedValueCache"); return 0; }
W long JVM_SetArrayElement(void) { unsupported("JVM_SetArrayElement"); return 0; }
W long JVM_SetBootLoaderUnnamedModule(void) { unsupported("JVM_SetBootLoaderUnnamedModule"); return 0; }
W long JVM_SetCurrentThread(void) { unsupported("JVM_SetCurrentThread"); return 0; }
W long JVM_SetNativeThreadName(void) { unsupported("JVM_SetNativeThreadName"); return 0; }
W long JVM_SetPrimitiveArrayElement(void) { unsupported("JVM_SetPrimitiveArrayElement"); return 0; }
W long JVM_SetScopedValueCache(void) { unsupported("JVM_SetScopedValueCache"); return 0; }
W long JVM_SetStackWalkContinuation(void) { unsupported("JVM_SetStackWalkContinuation"); return 0; }
W long JVM_SetThreadPriority(void) { unsupported("JVM_SetThreadPriority"); return 0; }
W long JVM_SleepNanos(void) { unsupported("JVM_SleepNanos"); return 0; }
W long JVM_StartThread(void) { unsupported("JVM_StartThread"); return 0; }
W long JVM_TakeVirtualThreadListToUnblock(void) { unsupported("JVM_TakeVirtualThreadListToUnblock"); return 0; }
W long JVM_TotalMemory(void) { unsupported("JVM_TotalMemory"); return 0; }
W long JVM_VirtualThreadDisableSuspend(void) { unsupported("JVM_VirtualThreadDisableSuspend"); return 0; }
W long JVM_VirtualThreadEndFirstTransition(void) { unsupported("JVM_VirtualThreadEndFirstTransition"); return 0; }
W long JVM_VirtualThreadEndTransition(void) { unsupported("JVM_VirtualThreadEndTransition"); return 0; }
W long JVM_VirtualThreadPinnedEvent(void) { unsupported("JVM_VirtualThreadPinnedEvent"); return 0; }
W long JVM_VirtualThreadStartFinalTransition(void) { unsupported("JVM_VirtualThreadStartFinalTransition"); return 0; }
W long JVM_VirtualThreadStartTransition(void) { unsupported("JVM_VirtualThreadStartTransition"); return 0; }
W long JVM_WaitForReferencePendingList(void) { unsupported("JVM_WaitForReferencePendingList"); return 0; }
W long JVM_Yield(void) { unsupported("JVM_Yield"); return 0; }

