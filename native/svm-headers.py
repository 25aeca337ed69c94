# Writes the C headers libchelper.c is compiled against (CPUFeatures, svm_locale_props_t) from the
# @CStruct declarations in svm's sources jar, so the stand-in matches the builder's struct layout.
# Usage: svm-headers.py <unpacked svm sources> <out-dir>
import re, sys, os
src, out = sys.argv[1], sys.argv[2]
def fields(path):
    txt = open(path).read()
    i = txt.index('interface CPUFeatures')
    body = txt[i:]
    return re.findall(r'@CField\s*(?:\([^)]*\))?\s*\w+\s+(\w+)\(\)', body)
for arch, fn in [('amd64','amd64/AMD64LibCHelper.java'),('aarch64','aarch64/AArch64LibCHelper.java'),('riscv64','riscv64/RISCV64LibCHelper.java')]:
    fs = fields(os.path.join(src, 'com/oracle/svm/core', fn))
    with open(os.path.join(out, f'{arch}cpufeatures.h'), 'w') as h:
        g = f'{arch.upper()}CPUFEATURES_H'
        h.write(f'#ifndef {g}\n#define {g}\ntypedef struct CPUFeatures {{\n')
        for f in fs: h.write(f'  char {f};\n')
        h.write('} CPUFeatures;\n')
        h.write('void determineCPUFeatures(CPUFeatures *features);\nint checkCPUFeatures(char *buildtimeCPUFeatureMask);\nint checkCPUFeaturesOrExit(char *buildtimeCPUFeatureMask, const char *errorMessage);\n')
        h.write(f'#endif\n')
    print(arch, len(fs))
with open(os.path.join(out, 'svm_locale.h'), 'w') as h:
    h.write('''#ifndef SVM_LOCALE_H
#define SVM_LOCALE_H
#define SVM_LOCALE_INITIALIZATION_SUCCEEDED 0
#define SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY 1
typedef struct {
  char *display_language; char *display_script; char *display_country; char *display_variant;
  char *format_language; char *format_script; char *format_country; char *format_variant;
} svm_locale_props_t;
int svm_initialize_locale(void);
svm_locale_props_t *svm_get_locale(void);
#endif
''')
