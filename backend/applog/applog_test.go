package applog

import (
	"strings"
	"testing"
)

type capture struct{ lines []string }

func (c *capture) add(level, m string) { c.lines = append(c.lines, level+" "+m) }
func (c *capture) Print(m string)      { c.add("PRI", m) }
func (c *capture) Trace(m string)      { c.add("TRA", m) }
func (c *capture) Debug(m string)      { c.add("DEB", m) }
func (c *capture) Info(m string)       { c.add("INF", m) }
func (c *capture) Warning(m string)    { c.add("WAR", m) }
func (c *capture) Error(m string)      { c.add("ERR", m) }
func (c *capture) Fatal(m string)      { c.add("FTL", m) }

func TestAFailedOrTracedCallNeverWritesItsArgumentsToTheLog(t *testing.T) {
	var c capture
	log := New(&c)
	// What Wails' dispatcher writes when LogIn panics or gets a malformed argument.
	log.Error(`process message error: C{"name":"main.App.LogIn","args":[{"username":"mina","password":"hunter2-secret"}],"callbackID":"main.App.LogIn-123"} -> runtime error: invalid memory address`)
	// What it writes at trace level for every result.
	log.Trace(`json call result data: {"result":{"user":{"id":"1"},"recoveryCode":"ABCD-EFGH-secret"},"error":null,"callbackid":"main.App.SignUp-9"}` + "\n")
	log.Info("Using DevServer URL: http://localhost:34115")

	out := strings.Join(c.lines, "\n")
	for _, secret := range []string{"hunter2", "recoveryCode", "ABCD-EFGH", "invalid memory address"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds %q:\n%s", secret, out)
		}
	}
	want := []string{
		"ERR process message error: main.App.LogIn [payload withheld]",
		"TRA json call result data: [payload withheld]",
		"INF Using DevServer URL: http://localhost:34115",
	}
	if strings.Join(want, "\n") != out {
		t.Errorf("log =\n%s\nwant\n%s", out, strings.Join(want, "\n"))
	}
}
