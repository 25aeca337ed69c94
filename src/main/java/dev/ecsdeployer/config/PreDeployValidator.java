package dev.ecsdeployer.config;

/**
 * {@code service.preDeploy}: a command to run, a task size Fargate accepts (the override combined with
 * the task's own cpu or memory where only one is given), and a timeout in range.
 */
final class PreDeployValidator {

    private PreDeployValidator() {
    }

    static void check(PreDeployConfig preDeploy, TaskDefinitionConfig task, Problems problems) {
        if (preDeploy == null) {
            return;
        }
        if (preDeploy.command().isEmpty()) {
            problems.add("service.preDeploy.command", preDeploy.command(),
                    "must name the command to run, e.g. [\"npm\", \"run\", \"migrate\"]");
        }
        for (int i = 0; i < preDeploy.command().size(); i++) {
            String part = preDeploy.command().get(i);
            if (part == null || part.isEmpty()) {
                problems.add("service.preDeploy.command[" + i + "]", part, "must not be empty");
            }
        }
        problems.between("service.preDeploy.timeoutMinutes", preDeploy.timeoutMinutes(),
                PreDeployConfig.MIN_TIMEOUT_MINUTES, PreDeployConfig.MAX_TIMEOUT_MINUTES,
                " minutes (the scheduled drift check fails a pre-deploy task still running after it)");
        Integer cpu = preDeploy.cpu() != null ? preDeploy.cpu() : task == null ? null : task.cpu();
        Integer memory = preDeploy.memory() != null ? preDeploy.memory() : task == null ? null : task.memory();
        if (preDeploy.cpu() != null && !FargateSizes.isValidCpu(preDeploy.cpu())) {
            problems.add("service.preDeploy.cpu", preDeploy.cpu(), "is not a Fargate cpu; allowed: "
                    + FargateSizes.allowedCpus());
        } else if ((preDeploy.cpu() != null || preDeploy.memory() != null) && cpu != null && memory != null
                && FargateSizes.isValidCpu(cpu) && !FargateSizes.isValidPair(cpu, memory)) {
            problems.add(preDeploy.memory() != null ? "service.preDeploy.memory" : "service.preDeploy.cpu",
                    preDeploy.memory() != null ? memory : cpu, "is not valid for the pre-deploy task: cpu " + cpu
                            + " takes memory " + FargateSizes.allowedMemory(cpu)
                            + " (a Fargate task size; an override left out is the task definition's)");
        }
    }
}
