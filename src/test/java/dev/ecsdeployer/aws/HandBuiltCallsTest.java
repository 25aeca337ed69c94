package dev.ecsdeployer.aws;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Every AWS call goes through its SDK client except EC2's two Describe reads: only
 * {@link Ec2NetworkReads} signs requests or sends them over the SDK's raw HTTP client. A class
 * that wrote another service's protocol by hand (as {@code SignedAwsClient} did for IAM, Secrets
 * Manager, ELBv2 and EventBridge) would have to sign its requests.
 */
class HandBuiltCallsTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ecsdeployer");

    @Test
    void onlyEc2sTwoReadsAreMadeByHand() {
        ArchRule rule = noClasses().that().doNotHaveFullyQualifiedName(Ec2NetworkReads.class.getName())
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk.http.auth.aws.signer..",
                        "software.amazon.awssdk.http.auth.spi.signer..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("software.amazon.awssdk.http.HttpExecuteRequest")
                .because("IAM, Secrets Manager, ELBv2 and EventBridge are called through their SDK clients; only"
                        + " EC2's module (26 MB) is left out");
        rule.check(MAIN);
    }
}
