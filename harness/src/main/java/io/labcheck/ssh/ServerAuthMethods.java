package io.labcheck.ssh;

import java.io.IOException;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientUserAuthService;
import org.apache.sshd.client.session.ClientUserAuthServiceFactory;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * Remembers the list of authentication methods the server last said "can continue" (the
 * {@code SSH_MSG_USERAUTH_FAILURE} message), because OpenSSH prints exactly that list in
 * {@code Permission denied (publickey).}; MINA keeps it private. Installed as the client's user-auth service.
 */
final class ServerAuthMethods extends ClientUserAuthService {

    static final AttributeKey<String> LAST_OFFERED = new AttributeKey<>();

    /** Replaces {@link ClientUserAuthServiceFactory#INSTANCE} in the client's service factories. */
    static final ClientUserAuthServiceFactory FACTORY = new ClientUserAuthServiceFactory() {
        @Override
        public Service create(Session session) throws IOException {
            return new ServerAuthMethods(session);
        }
    };

    private ServerAuthMethods(Session session) {
        super(session);
    }

    /** The methods in the server's last refusal, or {@code null} if it never refused. */
    static String lastOffered(ClientSession session) {
        return session.getAttribute(LAST_OFFERED);
    }

    @Override
    public void process(int cmd, Buffer buffer) throws Exception {
        if (cmd == SshConstants.SSH_MSG_USERAUTH_FAILURE) {
            int start = buffer.rpos();
            getClientSession().setAttribute(LAST_OFFERED, buffer.getString());
            buffer.rpos(start);
        }
        super.process(cmd, buffer);
    }
}
