package io.labcheck.report;

/**
 * Report entry keys ({@code TestReporter.publishEntry(key, value)}) that mean something to the results
 * beyond being evidence. Every entry is kept as evidence as well; these are also put in their field.
 */
final class ReportKeys {
    /** something ran against a stand-in: also listed at run level */
    static final String SUBSTITUTE = "substitute";
    static final String HOST_IMAGE = "host image";
    static final String CLOUD_PROVIDER = "cloud provider";
    static final String HOST_KIND = "host kind";
    /** a lab's own id ({@code ec2-fastapi}, a document's file name), where its class name is not one */
    static final String LAB_ID = "lab id";
    static final String SECTION = "section";
    static final String RUNS_ON = "runs on";
    static final String COMMAND = "command";
    static final String EXIT_CODE = "exit code";
    static final String HTTP_STATUS = "http status";
    static final String OUTPUT = "output";
    /** a {@link FaultResult} as JSON: one injected fault and what the diagnosis made of it (lab level) */
    static final String FAULT = "fault";
    /** a {@link DocumentFinding} as JSON: something wrong with the lab document itself (lab level) */
    static final String DOCUMENT_FINDING = "document finding";

    private ReportKeys() {
    }
}
