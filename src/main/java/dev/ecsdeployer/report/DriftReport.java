package dev.ecsdeployer.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ecsdeployer.cost.CostReport;
import dev.ecsdeployer.plan.Difference;
import dev.ecsdeployer.plan.Held;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * One service's drift: what differs (path, desired, actual) and, where healing is allowed, what was
 * done; what it runs costs against what the config says ({@code cost.monthlyDelta}), and
 * {@code held} the differences the deployer leaves to the operator (with what to do), and
 * {@code costAlert} when that delta is above the environment's {@code cost.monthlyDeltaAlert}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftReport(
        String environment,
        String service,
        String cluster,
        Status status,
        List<Difference> differences,
        List<String> notices,
        List<Held> held,
        List<String> applied,
        String deploymentId,
        List<String> errors,
        CostReport cost,
        Boolean costAlert,
        String serviceArn,
        String stuck) implements Report {

    /** Without the service's ARN (a service that could not be read, or does not exist). */
    public DriftReport(String environment, String service, String cluster, Status status, List<Difference> differences,
                       List<String> notices, List<String> applied, String deploymentId, List<String> errors,
                       CostReport cost, Boolean costAlert) {
        this(environment, service, cluster, status, differences, notices, null, applied, deploymentId, errors, cost,
                costAlert, null, null);
    }

    /** This report naming the ECS service's ARN (events carry it in {@code resources}). */
    public DriftReport withServiceArn(String arn) {
        return new DriftReport(environment, service, cluster, status, differences, notices, held, applied,
                deploymentId, errors, cost, costAlert, arn, stuck);
    }

    /** This report with other notices. */
    public DriftReport withNotices(List<String> notes) {
        return new DriftReport(environment, service, cluster, status, differences,
                notes == null || notes.isEmpty() ? null : List.copyOf(notes), held, applied, deploymentId, errors, cost,
                costAlert, serviceArn, stuck);
    }

    /** This report saying the service's deployment is stuck: how long and why ({@code Deployment Stuck}). */
    public DriftReport withStuck(String why) {
        return new DriftReport(environment, service, cluster, status, differences, notices, held, applied,
                deploymentId, errors, cost, costAlert, serviceArn, why);
    }

    /** The ARNs an event about this service names in {@code resources}. */
    public List<String> resources() {
        return serviceArn == null ? List.of() : List.of(serviceArn);
    }

    public enum Status {
        IN_SYNC,
        /** Differences found and reported (policy report, or a heal that was not allowed). */
        DRIFTED,
        /** Differences found; a heal was sent to the work queue (its worker reports what it applied). */
        HEAL_QUEUED,
        /** Differences found and put back. */
        HEALED,
        /** Healing started and a step failed; {@code applied} says what completed. */
        HEAL_FAILED,
        /** The config failed validation. */
        REJECTED,
        /** The service could not be checked (an AWS error, a missing image). */
        FAILED
    }

    /** A config that failed validation: not checked. */
    public static DriftReport rejected(String environment, String service, List<String> errors) {
        return new DriftReport(environment, service, null, Status.REJECTED, null, null, null, null, errors, null, null);
    }

    /** A service that could not be checked (an AWS error, a missing image). */
    public static DriftReport failed(String environment, String service, String cluster, String error) {
        return new DriftReport(environment, service, cluster, Status.FAILED, null, null, null, null, List.of(error),
                null, null);
    }

    /**
     * A checked service: in sync when nothing differs, else drifted (or, where a heal is sent for it,
     * HEAL_QUEUED).
     */
    public static DriftReport checked(String environment, String service, String cluster, Status status,
                                      List<Difference> differences, List<String> notices, List<Held> held,
                                      CostReport cost, Boolean costAlert) {
        return new DriftReport(environment, service, cluster, status, differences,
                notices == null || notices.isEmpty() ? null : List.copyOf(notices),
                held == null || held.isEmpty() ? null : List.copyOf(held), null, null, null, cost, costAlert, null, null);
    }

    public boolean drifted() {
        return status == Status.DRIFTED || status == Status.HEAL_QUEUED || status == Status.HEALED
                || status == Status.HEAL_FAILED;
    }

    /** This drift with the result of the heal worked inline for it. */
    public DriftReport healedBy(ServiceReport heal) {
        Status healed = switch (heal.status()) {
            case APPLIED -> Status.HEALED;
            case UNCHANGED -> Status.IN_SYNC;
            case FAILED -> Status.HEAL_FAILED;
            default -> Status.DRIFTED;
        };
        List<String> notes = heal.status() == ServiceReport.Status.SKIPPED && heal.errors() != null
                ? java.util.stream.Stream.concat(notices == null ? java.util.stream.Stream.<String>empty()
                        : notices.stream(), heal.errors().stream().map(e -> "not healed: " + e)).toList()
                : notices;
        return new DriftReport(environment, service, cluster, healed, differences, notes, held, heal.applied(),
                heal.deploymentId(), healed == Status.HEAL_FAILED ? List.of(heal.failedStep() + ": "
                + String.join("; ", heal.errors() == null ? List.of() : heal.errors())) : errors, cost, costAlert,
                serviceArn, stuck);
    }
}
