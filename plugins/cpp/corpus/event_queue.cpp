#include <functional>
#include <iostream>
#include <queue>
#include <string>
#include <vector>

struct Event {
    int time;
    std::string name;
};

struct Later {
    bool operator()(const Event& a, const Event& b) const { return a.time > b.time; }
};

class Scheduler {
public:
    void schedule(int time, std::string name) { events_.push(Event{time, std::move(name)}); }

    void run(const std::function<void(const Event&)>& handle) {
        while (!events_.empty()) {
            handle(events_.top());
            events_.pop();
        }
    }

private:
    std::priority_queue<Event, std::vector<Event>, Later> events_;
};

int main() {
    Scheduler scheduler;
    scheduler.schedule(30, "save");
    scheduler.schedule(10, "open");
    scheduler.schedule(20, "edit");
    int handled = 0;
    scheduler.run([&handled](const Event& event) {
        std::cout << event.time << ": " << event.name << "\n";
        ++handled;
    });
    std::cout << handled << " events\n";
    return 0;
}
