/**
 * A tiny path router: "/users/:id/posts/:postId?" patterns compiled to regexes.
 */
class Router {
  constructor() {
    this.routes = [];
  }

  static compile(pattern) {
    const keys = [];
    const source = pattern
      .replace(/\/$/, '')
      .replace(/[.+*^$()[\]{}|\\]/g, '\\$&')
      .replace(/\/:(\w+)(\?)?/g, (_, key, optional) => {
        keys.push({ name: key, optional: Boolean(optional) });
        return optional ? '(?:/([^/]+))?' : '/([^/]+)';
      });
    return { regex: new RegExp(`^${source}/?$`, 'i'), keys };
  }

  add(method, pattern, handler) {
    const { regex, keys } = Router.compile(pattern);
    this.routes.push({ method: method.toUpperCase(), regex, keys, handler });
    return this;
  }

  get(pattern, handler) {
    return this.add('GET', pattern, handler);
  }

  post(pattern, handler) {
    return this.add('POST', pattern, handler);
  }

  dispatch(method, url) {
    const [path, query = ''] = url.split('?');
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.regex.exec(path);
      if (!match) continue;
      const params = {};
      route.keys.forEach((key, index) => {
        const raw = match[index + 1];
        if (raw !== undefined) params[key.name] = decodeURIComponent(raw);
      });
      const search = Object.fromEntries(new URLSearchParams(query));
      return route.handler({ params, search });
    }
    return { status: 404, body: `no route for ${method} ${path}` };
  }
}

const router = new Router()
  .get('/users/:id', ({ params }) => ({ status: 200, body: `user ${params.id}` }))
  .get('/users/:id/posts/:postId?', ({ params, search }) => ({
    status: 200,
    body: `posts of ${params.id}: ${params.postId ?? 'all'} (page ${search.page || 1})`,
  }))
  .post('/users', () => ({ status: 201, body: 'created' }));

const requests = [
  ['GET', '/users/42'],
  ['GET', '/users/42/posts?page=3'],
  ['GET', '/users/ada%20l/posts/7'],
  ['POST', '/users/'],
  ['DELETE', '/users/1'],
];
for (const [method, url] of requests) {
  const { status, body } = router.dispatch(method, url);
  console.log(status, body);
}

module.exports = Router;
