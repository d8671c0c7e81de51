#include <iostream>
#include <string>

enum class Level { Debug, Info, Warning, Error };

std::string to_string(Level level) {
    switch (level) {
        case Level::Debug:
            return "debug";
        case Level::Info:
            return "info";
        case Level::Warning:
            return "warning";
        case Level::Error:
            return "error";
    }
    return "?";
}

class Logger {
public:
    explicit Logger(Level threshold) : threshold_(threshold) {}

    void log(Level level, const std::string& message) const {
        if (static_cast<int>(level) < static_cast<int>(threshold_)) {
            return;
        }
        std::cout << "[" << to_string(level) << "] " << message << "\n";
    }

private:
    Level threshold_;
};

int main() {
    Logger logger(Level::Info);
    logger.log(Level::Debug, "hidden");
    logger.log(Level::Info, "starting");
    logger.log(Level::Error, "something failed");
    return 0;
}
