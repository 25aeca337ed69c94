package dev.ecsdeployer;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout's rules, checked rather than trusted: the pure core (config, desired state, plan)
 * uses no AWS SDK type (AWS shapes are translated in {@code actual/} and built in {@code apply/}),
 * and the packages form no cycle.
 */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ecsdeployer");

    @Test
    void desiredStateAndPlanUseNoAwsSdkType() {
        ArchRule rule = noClasses().that().resideInAnyPackage("dev.ecsdeployer.desired..", "dev.ecsdeployer.plan..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
                .because("the core is pure: SDK shapes are translated at the reads (actual/) and writes (apply/)");
        rule.check(MAIN);
    }

    @Test
    void thePureCoreDoesNotReachTheEdges() {
        ArchRule rule = noClasses().that().resideInAnyPackage("dev.ecsdeployer.desired..", "dev.ecsdeployer.plan..",
                        "dev.ecsdeployer.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ecsdeployer.apply..",
                        "dev.ecsdeployer.trigger..", "dev.ecsdeployer.report..", "dev.ecsdeployer.work..")
                .because("the core is built from config alone; the edges call into it, never the other way");
        rule.check(MAIN);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.ecsdeployer.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /** The packages the data flows through: nothing there is passed around as a bare Object. */
    static final String[] FLOW = {"dev.ecsdeployer.trigger..", "dev.ecsdeployer.work..", "dev.ecsdeployer.workitem..",
            "dev.ecsdeployer.drift..", "dev.ecsdeployer.outcome..", "dev.ecsdeployer.report.."};

    @Test
    void theFlowIsTypedNoObjectFieldParameterOrReturn() {
        com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass> object =
                com.tngtech.archunit.base.DescribedPredicate.describe("java.lang.Object",
                        c -> c.getName().equals("java.lang.Object"));
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields().that().areDeclaredInClassesThat()
                .resideInAnyPackage(FLOW).should().haveRawType(object).check(MAIN);
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods().that().areDeclaredInClassesThat()
                .resideInAnyPackage(FLOW).and().doNotHaveName("equals")
                .should().haveRawReturnType(object).check(MAIN);
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits().that().areDeclaredInClassesThat()
                .resideInAnyPackage(FLOW).and().doNotHaveName("equals")
                .should().haveRawParameterTypes(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a java.lang.Object parameter", (java.util.List<com.tngtech.archunit.core.domain.JavaClass> ps)
                                -> ps.stream().anyMatch(p -> p.getName().equals("java.lang.Object"))))
                .check(MAIN);
    }

    /**
     * The layering README's "How it works" draws: the Lambda entry and wiring call the trigger parser
     * and the controller's jobs; the jobs (work, drift, outcome) report; nothing below calls up.
     */
    @Test
    void theLayersAreTheOnesReadmeDraws() {
        com.tngtech.archunit.library.Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("wiring").definedBy("dev.ecsdeployer.wiring..")
                .layer("prime").definedBy("dev.ecsdeployer.prime..")
                .layer("trigger").definedBy("dev.ecsdeployer.trigger..")
                .layer("work").definedBy("dev.ecsdeployer.work..")
                .layer("drift").definedBy("dev.ecsdeployer.drift..")
                .layer("outcome").definedBy("dev.ecsdeployer.outcome..")
                .layer("report").definedBy("dev.ecsdeployer.report..")
                .layer("workitem").definedBy("dev.ecsdeployer.workitem..")
                .layer("edges").definedBy("dev.ecsdeployer.apply..", "dev.ecsdeployer.actual..",
                        "dev.ecsdeployer.verify..", "dev.ecsdeployer.aws..", "dev.ecsdeployer.cost..")
                .layer("core").definedBy("dev.ecsdeployer.config..", "dev.ecsdeployer.desired..",
                        "dev.ecsdeployer.plan..")
                .whereLayer("wiring").mayOnlyBeAccessedByLayers("prime")
                .whereLayer("trigger").mayOnlyBeAccessedByLayers("wiring", "prime", "work", "drift")
                .whereLayer("work").mayOnlyBeAccessedByLayers("wiring", "prime", "drift")
                .whereLayer("drift").mayOnlyBeAccessedByLayers("wiring", "prime")
                .whereLayer("outcome").mayOnlyBeAccessedByLayers("wiring", "prime", "work")
                .whereLayer("report").mayOnlyBeAccessedByLayers("wiring", "prime", "trigger", "work", "drift", "outcome")
                .whereLayer("workitem").mayOnlyBeAccessedByLayers("wiring", "prime", "work", "drift", "outcome",
                        "report")
                .check(MAIN);
    }

    /** Commands, triggers and work items are dispatched by a switch over their sealed type, never by instanceof. */
    @Test
    void noInstanceofDispatchOnTriggersCommandsOrWorkItems() {
        java.util.List<String> found = new java.util.ArrayList<>();
        for (com.tngtech.archunit.core.domain.JavaClass c : MAIN) {
            for (com.tngtech.archunit.core.domain.JavaCodeUnit unit : c.getCodeUnits()) {
                for (com.tngtech.archunit.core.domain.InstanceofCheck check : unit.getInstanceofChecks()) {
                    com.tngtech.archunit.core.domain.JavaClass type = check.getRawType();
                    if (type.isAssignableTo(dev.ecsdeployer.workitem.WorkItem.class)
                            || type.isAssignableTo(dev.ecsdeployer.trigger.Trigger.class)) {
                        found.add(unit.getFullName() + " checks instanceof " + type.getName());
                    }
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), found);
    }
}
