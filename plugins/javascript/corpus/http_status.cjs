const STATUS = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function classify(code) {
  switch (Math.floor(code / 100)) {
    case 1:
      return 'informational';
    case 2:
      return 'success';
    case 3:
      return 'redirection';
    case 4:
      return 'client error';
    case 5:
      return 'server error';
    default:
      return 'unknown';
  }
}

function shouldRetry(code) {
  switch (code) {
    case 429:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

function describeStatus(code) {
  const text = STATUS[code] ?? 'Unknown Status';
  return `${code} ${text} (${classify(code)}${shouldRetry(code) ? ', retryable' : ''})`;
}

const summary = Object.keys(STATUS)
  .map(Number)
  .reduce((acc, code) => {
    const kind = classify(code);
    acc[kind] = (acc[kind] || 0) + 1;
    return acc;
  }, {});

for (const code of [200, 304, 404, 429, 503, 799]) {
  console.log(describeStatus(code));
}
console.log(summary);

module.exports = { STATUS, classify, shouldRetry, describeStatus };
