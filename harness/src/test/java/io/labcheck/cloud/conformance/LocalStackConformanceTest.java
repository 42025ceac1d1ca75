package io.labcheck.cloud.conformance;

import io.labcheck.junit.LabCloud;

import org.junit.jupiter.api.DisplayName;

@DisplayName("EC2 conformance: localstack")
@LabCloud(provider = "localstack")
class LocalStackConformanceTest extends Ec2ConformanceSuite {}
