package de.verbund.testsupport;

/** A service the tests need is not there. Tests fail with this; they never skip. */
public final class ServicesMissing extends AssertionError {
    public ServicesMissing(String message) {
        super(message + "\nStart the services with 'deploy/local/services.sh start' and source the env file it "
                + "writes, or run the tests with 'deploy/local/test.sh', which does both.");
    }
}
