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
}
