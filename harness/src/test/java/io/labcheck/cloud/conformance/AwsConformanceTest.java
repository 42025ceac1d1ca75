package io.labcheck.cloud.conformance;

import io.labcheck.junit.LabCloud;

import org.junit.jupiter.api.DisplayName;

@DisplayName("EC2 conformance: aws")
@LabCloud(provider = "aws")
class AwsConformanceTest extends Ec2ConformanceSuite {}
