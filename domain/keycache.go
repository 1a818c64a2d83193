package domain

import (
	"sync"
	"time"
)

// KeyCacheTTL is how long a node trusts a key, or an application, it looked
// up. Revoking or rolling a key, and publishing, enabling or disabling an
// application, takes effect at once on the node that did it and within
// KeyCacheTTL on every other node; an expiry is checked at every request.
const KeyCacheTTL = time.Second

// maxCachedKeys bounds the cache; past it, it starts over.
const maxCachedKeys = 10_000

// keyCache remembers API keys by hash for KeyCacheTTL, so that a request
// does not read its key from the database each time. Unknown keys are never
// cached: guessing cannot fill it.
type keyCache struct {
	mu   sync.Mutex
	m    map[string]cachedKey
	apps map[string]cachedApp // by application id
}

type cachedApp struct {
	app     Application
	fetched time.Time
}

type cachedKey struct {
	key     APIKey
	fetched time.Time
}

func (c *keyCache) get(hash string, now time.Time) (APIKey, bool) {
	if c == nil {
		return APIKey{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ck, ok := c.m[hash]
	if !ok || now.Sub(ck.fetched) >= KeyCacheTTL || now.Before(ck.fetched) {
		return APIKey{}, false
	}
	return ck.key, true
}

func (c *keyCache) put(k APIKey, now time.Time) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedKeys {
		c.m = map[string]cachedKey{}
	}
	c.m[k.Hash] = cachedKey{key: k, fetched: now}
}

// forget drops a key whose state just changed on this node.
func (c *keyCache) forget(hash string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, hash)
}

func (c *keyCache) getApp(id string, now time.Time) (Application, bool) {
	if c == nil {
		return Application{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ca, ok := c.apps[id]
	if !ok || now.Sub(ca.fetched) >= KeyCacheTTL || now.Before(ca.fetched) {
		return Application{}, false
	}
	return ca.app, true
}

func (c *keyCache) putApp(a Application, now time.Time) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.apps == nil || len(c.apps) >= maxCachedKeys {
		c.apps = map[string]cachedApp{}
	}
	c.apps[a.ID] = cachedApp{app: a, fetched: now}
}

// forgetApp drops an application whose state just changed on this node.
func (c *keyCache) forgetApp(id string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.apps, id)
}
