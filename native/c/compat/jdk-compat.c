/*
 * JNI functions of the JDK the builder runs on (25) whose C in the compiled sources (26) has
 * another signature. jdk-static-libs.sh renames the source's function to drifted_<name>; this file
 * gives <name> the signature and behaviour the JDK 25 class expects.
 */
#include <jni.h>

/*
 * JDK 25: private static native void fstatat0(int dfd, long path, int flag, UnixFileAttributes attrs)
 * throws UnixException. JDK 26 returns the errno instead (0 when it succeeded) and lets Java throw.
 */
jint drifted_Java_sun_nio_fs_UnixNativeDispatcher_fstatat0(JNIEnv *env, jclass this, jint dfd,
                                                           jlong pathAddress, jint flag, jobject attrs);

JNIEXPORT void JNICALL
Java_sun_nio_fs_UnixNativeDispatcher_fstatat0(JNIEnv *env, jclass this, jint dfd, jlong pathAddress,
                                              jint flag, jobject attrs) {
    jint err = drifted_Java_sun_nio_fs_UnixNativeDispatcher_fstatat0(env, this, dfd, pathAddress, flag, attrs);
    if (err == 0 || (*env)->ExceptionCheck(env)) {
        return;
    }
    /* as JDK 25's UnixNativeDispatcher.c throws it: new UnixException(errno) */
    jclass ex = (*env)->FindClass(env, "sun/nio/fs/UnixException");
    if (ex == NULL) {
        return;
    }
    jmethodID init = (*env)->GetMethodID(env, ex, "<init>", "(I)V");
    if (init == NULL) {
        return;
    }
    jobject x = (*env)->NewObject(env, ex, init, err);
    if (x != NULL) {
        (*env)->Throw(env, (jthrowable) x);
    }
}
