package dev.roomcast.room.lifecycle;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.api.RetryLaterException;
import dev.roomcast.room.config.RoomConfig;
import dev.roomcast.room.store.RoomStore;
import dev.roomcast.room.store.Secrets;
import dev.roomcast.room.store.StoredRoom;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The password of a room, for guests who are not in it yet: none given is {@code password_required};
 * a wrong one is {@code wrong_password} and counts against the client's address (per room, in Redis,
 * so the limit holds across gateways); past {@code passwordTries} wrong ones in a window every try of
 * that address is {@code too_many_attempts} until the window ends, the right password too (so an
 * attacker cannot tell a right guess among refused ones). Right passwords are not counted.
 */
@ApplicationScoped
public class PasswordGate {
    private final RoomStore store;
    private final RoomConfig config;

    public PasswordGate(RoomStore store, RoomConfig config) {
        this.store = store;
        this.config = config;
    }

    /** One guest's try: the password it gave (or null) and its client address (or null). */
    public record Try(String password, String address) {}

    /** Per try, in order: null to let it in, else the refusal. One Redis call for all tries with a password. */
    public List<ProtocolException> check(StoredRoom room, List<Try> tries) {
        List<ProtocolException> out = new ArrayList<>(tries.size());
        List<Integer> counted = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<Boolean> wrong = new ArrayList<>();
        for (int i = 0; i < tries.size(); i++) {
            Try t = tries.get(i);
            if (t.password() == null || t.password().isEmpty()) {
                out.add(new ProtocolException(ErrorCode.PASSWORD_REQUIRED, "this room needs a password"));
                continue;
            }
            out.add(null);
            counted.add(i);
            keys.add(AddressKey.of(t.address()));
            wrong.add(!Secrets.passwordMatches(t.password(), room.passwordHash()));
        }
        if (counted.isEmpty()) {
            return out;
        }
        List<Long> waits = store.passwordTries(room.roomId(), keys, wrong, Math.max(1, config.passwordTries()),
                Math.max(1000, config.passwordTryWindow().toMillis()));
        for (int k = 0; k < counted.size(); k++) {
            Long waitMs = waits.get(k);
            if (waitMs != null) {
                int seconds = (int) Math.max(1, (waitMs + 999) / 1000);
                out.set(counted.get(k), new RetryLaterException(ErrorCode.TOO_MANY_ATTEMPTS,
                        "too many wrong passwords from your address, try again in " + seconds + " s", seconds));
            } else if (wrong.get(k)) {
                out.set(counted.get(k), new ProtocolException(ErrorCode.WRONG_PASSWORD, "that password is not right"));
            }
        }
        return out;
    }
}
