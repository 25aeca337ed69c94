"""What `sam build` needs from template.yaml, Makefile and samconfig.toml, checked without the SAM CLI.

For every function in the template (AWS::Serverless::Function, AWS::Lambda::Function):
  - its code location (CodeUri / Code, or Globals) is a local directory or zip that exists;
  - a `provided*` runtime names a BuildMethod (sam build cannot guess how to build it);
  - BuildMethod makefile: a Makefile in ContextPath (default: the CodeUri directory) with a rule
    `build-<LogicalId>:` whose recipe writes to $(ARTIFACTS_DIR), and that `make -n` accepts;
  - another BuildMethod or none: the runtime's manifest sam build would look for is there.
samconfig.toml: parses (TOML), names only template parameters with allowed values in its
parameter_overrides, and excludes only functions the template has.
With --build FUNCTION: runs `make build-FUNCTION` into a fresh ARTIFACTS_DIR, as sam build does,
and checks that the directory holds a function Lambda can run (handler class / bootstrap).

Exits 1 with one line per problem.
"""
import os
import shlex
import subprocess
import sys
import tempfile
import zipfile

import yaml

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None


class CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form tags (!Ref, !Sub, ...), kept as {tag: value}."""


def _tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {"Fn::" + suffix if suffix not in ("Ref", "Condition") else suffix: value}


CfnLoader.add_multi_constructor("!", _tag)

FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")
# What sam build's own builders look for, by runtime family, when no BuildMethod is given.
MANIFESTS = {
    "java": ["pom.xml", "build.gradle", "build.gradle.kts"],
    "python": ["requirements.txt"],
    "nodejs": ["package.json"],
    "ruby": ["Gemfile"],
    "go": ["go.mod"],
    "dotnet": ["*.csproj"],
}
HANDLER_CLASS = "io/quarkus/amazon/lambda/runtime/QuarkusStreamHandler.class"


def load_template(path):
    with open(path) as f:
        return yaml.load(f, Loader=CfnLoader)


def make_targets(makefile):
    """Rule names of a Makefile (no includes or pattern rules needed here)."""
    targets = {}
    current = None
    with open(makefile) as f:
        for line in f:
            if line.startswith("\t"):
                if current:
                    targets[current].append(line.strip())
                continue
            stripped = line.split("#", 1)[0].rstrip()
            if ":" in stripped and not stripped.lstrip().startswith(".") and "=" not in stripped.split(":", 1)[0]:
                names = stripped.split(":", 1)[0].split()
                current = names[0] if names else None
                for n in names:
                    targets.setdefault(n, [])
            elif stripped:
                current = None
    return targets


def check_function(root, logical_id, resource, globals_fn, problems):
    props = resource.get("Properties", {}) or {}
    meta = resource.get("Metadata", {}) or {}
    runtime = props.get("Runtime", globals_fn.get("Runtime"))
    package_type = props.get("PackageType", globals_fn.get("PackageType", "Zip"))
    if package_type == "Image":
        return
    code = props.get("CodeUri", props.get("Code", globals_fn.get("CodeUri")))
    where = "%s (%s)" % (logical_id, resource["Type"])
    if code is None:
        problems.append("%s: no CodeUri" % where)
        return
    if not isinstance(code, str):
        # S3 locations and inline code are not built by sam build.
        if isinstance(code, dict) and ("Bucket" in code or "S3Bucket" in code or "ZipFile" in code):
            return
        problems.append("%s: CodeUri %r is not a local path sam build can resolve" % (where, code))
        return
    code_path = os.path.normpath(os.path.join(root, code))
    if not os.path.exists(code_path):
        problems.append("%s: CodeUri %s does not exist" % (where, code))
        return
    if not isinstance(runtime, str):
        problems.append("%s: Runtime %r is not a literal; sam build picks the builder by it" % (where, runtime))
        return
    build_method = meta.get("BuildMethod")
    if os.path.isfile(code_path):
        if build_method:
            problems.append("%s: BuildMethod %s with a prebuilt CodeUri file %s" % (where, build_method, code))
        elif not zipfile.is_zipfile(code_path):
            problems.append("%s: CodeUri %s is a file but not a zip" % (where, code))
        return
    if runtime.startswith("provided") and not build_method:
        problems.append("%s: runtime %s needs Metadata BuildMethod (e.g. makefile)" % (where, runtime))
        return
    if build_method == "makefile":
        context = os.path.normpath(os.path.join(root, meta.get("ContextPath", code)))
        makefile = os.path.join(context, "Makefile")
        if not os.path.isfile(makefile):
            problems.append("%s: BuildMethod makefile but no Makefile in %s" % (where, os.path.relpath(context, root)))
            return
        target = "build-" + logical_id
        targets = make_targets(makefile)
        if target not in targets:
            problems.append("%s: %s has no rule %s:" % (where, os.path.relpath(makefile, root), target))
            return
        if not any("ARTIFACTS_DIR" in line for line in targets[target]):
            problems.append("%s: rule %s never writes to $(ARTIFACTS_DIR)" % (where, target))
        dry = subprocess.run(["make", "-n", "-f", makefile, target, "ARTIFACTS_DIR=/nonexistent/artifacts"],
                             cwd=context, capture_output=True, text=True)
        if dry.returncode != 0:
            problems.append("%s: make -n %s fails: %s" % (where, target, dry.stderr.strip()[:300]))
        for line in dry.stdout.splitlines():
            word = shlex.split(line)[0] if line.strip() and not line.startswith("#") else ""
            if word.startswith("./") and not os.access(os.path.join(context, word), os.X_OK):
                problems.append("%s: %s runs %s, which is missing or not executable" % (where, target, word))
        return
    if build_method and build_method != runtime:
        problems.append("%s: BuildMethod %s is neither makefile nor the runtime %s" % (where, build_method, runtime))
        return
    family = next((f for f in MANIFESTS if runtime.startswith(f)), None)
    if family:
        import glob
        if not any(glob.glob(os.path.join(code_path, m)) for m in MANIFESTS[family]):
            problems.append("%s: runtime %s but none of %s in %s" % (where, runtime, MANIFESTS[family], code))


def check_samconfig(root, template, problems):
    path = os.path.join(root, "samconfig.toml")
    if not os.path.isfile(path):
        problems.append("samconfig.toml is missing")
        return
    if tomllib is None:
        problems.append("samconfig.toml not checked: needs Python 3.11+ (tomllib)")
        return
    with open(path, "rb") as f:
        try:
            config = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            problems.append("samconfig.toml: %s" % e)
            return
    if "version" not in config:
        problems.append("samconfig.toml: no version")
    params = template.get("Parameters", {}) or {}
    resources = template.get("Resources", {}) or {}
    for env, commands in config.items():
        if not isinstance(commands, dict):
            continue
        for command, section in commands.items():
            values = (section or {}).get("parameters", {}) or {}
            tf = values.get("template_file") or values.get("template")
            if tf and not os.path.isfile(os.path.join(root, tf)):
                problems.append("samconfig.toml [%s.%s]: template %s does not exist" % (env, command, tf))
            for excluded in values.get("exclude", []) or []:
                if excluded not in resources:
                    problems.append("samconfig.toml [%s.%s]: exclude %s is not a resource" % (env, command, excluded))
            overrides = values.get("parameter_overrides")
            if overrides:
                items = overrides if isinstance(overrides, list) else shlex.split(overrides)
                for item in items:
                    name, _, value = item.partition("=")
                    if name not in params:
                        problems.append("samconfig.toml [%s.%s]: %s is not a template parameter" % (env, command, name))
                        continue
                    allowed = params[name].get("AllowedValues")
                    if allowed and value not in [str(a) for a in allowed]:
                        problems.append("samconfig.toml [%s.%s]: %s=%s; allowed: %s" % (env, command, name, value, allowed))


def run_build(root, template, logical_id, problems):
    resource = (template.get("Resources", {}) or {}).get(logical_id)
    if resource is None:
        problems.append("--build %s: no such resource" % logical_id)
        return
    props = resource.get("Properties", {})
    with tempfile.TemporaryDirectory(prefix="sam-artifacts-") as artifacts:
        env = dict(os.environ, ARTIFACTS_DIR=artifacts)
        r = subprocess.run(["make", "--makefile", "Makefile", "build-" + logical_id], cwd=root, env=env)
        if r.returncode != 0:
            problems.append("make build-%s failed (exit %d)" % (logical_id, r.returncode))
            return
        runtime = props.get("Runtime", "")
        if isinstance(runtime, str) and runtime.startswith("java"):
            handler = props.get("Handler", "")
            found = os.path.isfile(os.path.join(artifacts, HANDLER_CLASS))
            for jar in sorted(os.listdir(os.path.join(artifacts, "lib"))) if os.path.isdir(os.path.join(artifacts, "lib")) else []:
                if found:
                    break
                if jar.endswith(".jar"):
                    with zipfile.ZipFile(os.path.join(artifacts, "lib", jar)) as z:
                        found = HANDLER_CLASS in z.namelist()
            if not found:
                problems.append("build-%s: no %s for handler %s in ARTIFACTS_DIR" % (logical_id, HANDLER_CLASS, handler))
        elif isinstance(runtime, str) and runtime.startswith("provided"):
            if not os.access(os.path.join(artifacts, "bootstrap"), os.X_OK):
                problems.append("build-%s: no executable bootstrap in ARTIFACTS_DIR" % logical_id)
        size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(artifacts) for f in fs)
        print("sam-build-check: make build-%s wrote %.1f MB (unzipped) to ARTIFACTS_DIR" % (logical_id, size / 1e6))


def main(argv):
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
    builds = [argv[i + 1] for i, a in enumerate(argv) if a == "--build" and i + 1 < len(argv)]
    template = load_template(os.path.join(root, "template.yaml"))
    problems = []
    globals_fn = ((template.get("Globals") or {}).get("Function") or {})
    functions = [(k, v) for k, v in (template.get("Resources") or {}).items() if v.get("Type") in FUNCTION_TYPES]
    if not functions:
        problems.append("template.yaml has no function")
    for logical_id, resource in functions:
        check_function(root, logical_id, resource, globals_fn, problems)
    check_samconfig(root, template, problems)
    for logical_id in builds:
        if not problems:
            run_build(root, template, logical_id, problems)
    if problems:
        for p in problems:
            print("sam-build-check: " + p, file=sys.stderr)
        return 1
    print("sam-build-check: OK: %s have what sam build needs; samconfig.toml agrees with the template"
          % ", ".join(k for k, _ in functions))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
