package io.labcheck.cloud.embedded;

/**
 * An error the emulator answers with, shaped like EC2's: an error code the SDK surfaces as
 * {@code Ec2Exception.awsErrorDetails().errorCode()}, a message in AWS's wording, and the HTTP status.
 */
final class Ec2Error extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int httpStatus;

    Ec2Error(String code, String message) {
        this(code, message, 400);
    }

    Ec2Error(String code, String message, int httpStatus) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    String code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }

    static Ec2Error missingParameter(String name) {
        return new Ec2Error("MissingParameter", "The request must contain the parameter " + name);
    }

    static Ec2Error invalidValue(String parameter, String value) {
        return new Ec2Error("InvalidParameterValue", "Invalid value '" + value + "' for " + parameter + ".");
    }

    static Ec2Error malformedId(String code, String id) {
        return new Ec2Error(code, "Invalid id: \"" + id + "\"");
    }
}
