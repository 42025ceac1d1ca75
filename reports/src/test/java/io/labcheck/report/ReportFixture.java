package io.labcheck.report;

import java.util.List;

/**
 * Results made by hand for the report tests: a lab that passed and one that failed (a failed step with
 * its reason and output, a missed fault, a document finding with the document's lines), Korean text
 * as the lab documents have it, and a step output carrying markup and a private key.
 */
final class ReportFixture {
    static final String FAILED_STEP = "2. the browser shows Hello World";
    static final String FAILED_REASON = "expected HTTP 200 from http://127.77.0.5/ but got 502 Bad Gateway";
    static final String FAILED_OUTPUT = "HTTP/1.1 502 Bad Gateway\nServer: nginx/1.22.1\n<h1>502 Bad Gateway</h1>";
    static final String PASSED_STEP = "2. launch the instance";
    static final String PASSED_OUTPUT = "INSTANCES i-0123456789abcdef0 t2.micro running";
    static final String SCRIPT = "<script>alert('owned')</script>";
    static final String MISSED_FAULT = "security-group-closed";
    static final String QUOTE = "$ ssh -i my_app.pem ubuntu@13.125.0.1\nssh: connect to host 13.125.0.1 port 22: Connection refused";
    static final String KOREAN_TITLE = "EC2 FastAPI 배포 실습";
    static final String FAILING_TITLE = "트러블슈팅 실습: nginx 뒤의 FastAPI";

    private ReportFixture() {
    }

    static Results results() {
        Run run = new Run("20261122-172912-dafac4bb", "2026-11-22T17:29:12.409Z", 95_400,
                new Tier("embedded", "container", "labcheck/host:bookworm (stand-in for ubuntu:22.04)"),
                List.of("PyPI is unreachable: pip installed from a local wheel directory"));
        return Results.of(run, List.of(passingLab(), failingLab()), new Environment("Linux 6.1", "amd64", "17.0.15", 2));
    }

    static Lab passingLab() {
        Step keyPair = new Step("createKeyPair()", "1. create key pair my_app", "1. 키 페어 만들기", "workstation",
                List.of("aws ec2 create-key-pair --key-name my_app --query KeyMaterial --output text > my_app.pem"),
                StepStatus.passed(), 1_250, new Evidence(0, SampleKey.PEM, null,
                List.of(new Entry("section", "1. 키 페어 만들기"), new Entry("key material", SampleKey.PEM))));
        Step launch = new Step("launch()", PASSED_STEP, "2. 인스턴스 시작", "cloud",
                List.of("aws ec2 run-instances --image-id ami-0c9c942bd7bf113a2 --instance-type t2.micro"),
                StepStatus.passed(), 8_200, new Evidence(0, PASSED_OUTPUT, null, List.of(new Entry("instance", "i-0123456789abcdef0"))));
        Step install = new Step("install()", "3. install the app", "3. 앱 설치", "server", List.of("pip3 install fastapi uvicorn"),
                StepStatus.passed(), 15_300, new Evidence(0, "Successfully installed fastapi-0.92.0\n" + SCRIPT, null, List.of()));
        FaultResult loopback = new FaultResult("loopback-bind", true, List.of("bind-loopback"), List.of("bind-loopback"), true, true, 412L);
        return new Lab("io.labcheck.scenarios.Ec2FastApiLab", KOREAN_TITLE, StepStatus.passed(), List.of(),
                List.of(keyPair, launch, install), List.of(loopback), List.of());
    }

    static Lab failingLab() {
        Step ssh = new Step("ssh()", "1. ssh into the server", "문제 1: SSH 접속 거부", "workstation",
                List.of("ssh -i my_app.pem ubuntu@127.77.0.5 true"), StepStatus.passed(), 2_100,
                new Evidence(0, "", null, List.of()));
        Step browse = new Step("browse()", FAILED_STEP, "문제 2: 502 Bad Gateway", "browser", List.of("curl -si http://127.77.0.5/"),
                StepStatus.failed(FAILED_REASON), 30_000, new Evidence(7, FAILED_OUTPUT, 502, List.of(new Entry("http status", "502"))));
        Step screenshot = new Step("screenshot()", "3. screenshot", null, null, List.of(),
                StepStatus.skipped("the browser step needs a display"), 0, Evidence.none());
        FaultResult caught = new FaultResult("ssh-port-closed", true, List.of("ssh-port-closed"), List.of("ssh-port-closed"), true, true, 2_036L);
        FaultResult missed = new FaultResult(MISSED_FAULT, true, List.of("port-closed"), List.of("instance-stopped"), false, true, 19L);
        DocumentFinding finding = new DocumentFinding("symptom-differs",
                "the document says \"Connection refused\"; really: the connection times out",
                List.of(new DocumentFinding.Place("문제 1: SSH 접속 거부", 1114, QUOTE)));
        return new Lab("io.labcheck.scenarios.TroubleshootingLab", FAILING_TITLE, StepStatus.passed(), List.of(),
                List.of(ssh, browse, screenshot), List.of(caught, missed), List.of(finding));
    }

    /** A private key as a step might print it; never to reach a report. */
    static final class SampleKey {
        static final String BODY = "MIIEowIBAAKCAQEAsampleSampleSample";
        static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\n" + BODY + "\n-----END RSA PRIVATE KEY-----";

        private SampleKey() {
        }
    }
}
