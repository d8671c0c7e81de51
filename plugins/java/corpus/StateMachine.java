import java.util.EnumMap;
import java.util.Map;

public class StateMachine {
    enum State { IDLE, RUNNING, PAUSED, STOPPED }

    enum Command { START, PAUSE, RESUME, STOP }

    private State state = State.IDLE;
    private final Map<State, Integer> visits = new EnumMap<>(State.class);

    State next(State from, Command command) {
        switch (from) {
            case IDLE:
                if (command == Command.START) {
                    return State.RUNNING;
                }
                break;
            case RUNNING:
                if (command == Command.PAUSE) {
                    return State.PAUSED;
                }
                if (command == Command.STOP) {
                    return State.STOPPED;
                }
                break;
            case PAUSED:
                if (command == Command.RESUME) {
                    return State.RUNNING;
                }
                break;
            default:
                break;
        }
        throw new IllegalStateException(command + " is not allowed in " + from);
    }

    void apply(Command command) {
        state = next(state, command);
        visits.merge(state, 1, Integer::sum);
    }

    public static void main(String[] args) {
        StateMachine machine = new StateMachine();
        Command[] script = {Command.START, Command.PAUSE, Command.RESUME, Command.STOP};
        for (Command command : script) {
            machine.apply(command);
            System.out.println(command + " -> " + machine.state);
        }
        try {
            machine.apply(Command.START);
        } catch (IllegalStateException error) {
            System.out.println(error.getMessage());
        }
        System.out.println(machine.visits);
    }
}
