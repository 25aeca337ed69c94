package dev.ecsdeployer.config;

import java.util.List;

import static dev.ecsdeployer.config.AwsFormats.*;

/** Rules for the CloudWatch alarms that roll a deployment back. */
final class AlarmValidator {

    private AlarmValidator() {
    }

    static void check(List<AlarmConfig> alarms, Problems problems) {
        for (int i = 0; i < alarms.size(); i++) {
            AlarmConfig alarm = alarms.get(i);
            String path = "deploymentAlarms[" + i + "]";
            problems.matches(path + ".name", alarm.name(), ECS_NAME, ECS_NAME_MESSAGE);
            // Its comparisonOperator and treatMissingData are lists in the schema.
            ScalingValidator.checkAlarmSettings(path, alarm.statistic(), alarm.period(), alarm.evaluationPeriods(),
                    problems);
        }
        ConfigValidator.checkUnique("deploymentAlarms", alarms.stream().map(AlarmConfig::name).toList(), "name", problems);
    }
}
