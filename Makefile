# Build targets for `sam build` (template.yaml: Metadata BuildMethod makefile, CodeUri .).
# sam build runs `make build-<LogicalId>` with ARTIFACTS_DIR set to the directory it then zips
# and uploads as the function's code; whatever is there must be the function as Lambda runs it.
#
#   build-JvmFunction      ./mvnw package (needs a JDK 17+), then target/function.zip unzipped
#   build-NativeFunction   ./native-build.sh (needs GraalVM/Mandrel or Docker/Podman), then
#                          dist/native/function.zip (the `bootstrap` executable) unzipped
#
# sam build does not evaluate the template's Conditions: it builds every function unless told
# otherwise. samconfig.toml excludes NativeFunction (the JVM build works on any machine with a JDK);
# for Runtime=native, build that one instead:  sam build NativeFunction
# Without sam:  make build-JvmFunction ARTIFACTS_DIR=/some/dir

MVNW_FLAGS ?= -B -q
NATIVE_BUILD_FLAGS ?=

.PHONY: build-JvmFunction build-NativeFunction check-artifacts-dir

check-artifacts-dir:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it; by hand: make $(MAKECMDGOALS) ARTIFACTS_DIR=<dir>)" >&2; exit 2; }
	@command -v unzip >/dev/null 2>&1 || { echo "unzip is needed to unpack the function zip into ARTIFACTS_DIR" >&2; exit 2; }
	@mkdir -p "$(ARTIFACTS_DIR)"

build-JvmFunction: check-artifacts-dir
	./mvnw $(MVNW_FLAGS) package -DskipTests
	unzip -q -o target/function.zip -d "$(ARTIFACTS_DIR)"
	@test -d "$(ARTIFACTS_DIR)/lib" || { echo "target/function.zip holds no lib/: not the JVM package" >&2; exit 1; }

build-NativeFunction: check-artifacts-dir
	./native-build.sh $(NATIVE_BUILD_FLAGS)
	unzip -q -o dist/native/function.zip -d "$(ARTIFACTS_DIR)"
	@test -x "$(ARTIFACTS_DIR)/bootstrap" || { echo "dist/native/function.zip holds no executable bootstrap" >&2; exit 1; }
